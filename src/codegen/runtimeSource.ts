// The numerics a generated module shares with the interpreter are not
// re-implemented here: they are copied, as source text, from the files the
// interpreter itself runs (src/numerics, src/ir; the training loop too:
// src/numerics/trainingState.ts) and from the small templates in ./template
// (inference context, persistence, the caller's data). A change to a runtime
// helper therefore changes generated code too, and the two back ends cannot
// drift apart (test/codegen/equivalence.test.ts checks they do not).
//
// Copying works on declarations: every top-level function, class, interface,
// type alias and const of the files below is catalogued by name; a module
// gets the closure of the names its generated code uses, imports dropped
// (the module provides `tf` and `Tensor` itself) and `export` removed.
// Names imported from '@tensorflow/tfjs-core' (the kernel fixes use its
// kernel registry) stay imported, from the module's own tf package, which
// re-exports tfjs-core; `node:` builtins stay imported as they are.
// Reading TypeScript source means the package must ship src/ (see README.md).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withSummaryComments } from './copiedComments.js';
import { Node, Project, SyntaxKind, type SourceFile, type Statement } from 'ts-morph';

/**
 * The folders whose declarations generated code may copy: the boundary is the
 * folder, not a list. Every `.ts` file under them is catalogued; files are
 * emitted in the order an ES module graph evaluates them (a file after the
 * files it imports), declarations in source order, so copied code runs in the
 * order it runs in the interpreter.
 */
export const SHARED_FOLDERS: readonly string[] = ['src/ir', 'src/numerics', 'src/codegen/template'];

/** Names the generated module itself provides to copied code. */
const PROVIDED = new Set(['tf', 'Tensor']);

/**
 * The specifier copied code's tfjs-core imports are recorded under; the
 * generator replaces it with the module's tf package (`@tensorflow/tfjs` or
 * `-node`, both re-export tfjs-core), so an embedder needs no direct
 * dependency on tfjs-core.
 */
export const TFJS_CORE = '@tensorflow/tfjs-core';

/** One name a copied declaration imports from a package. */
export interface ImportedName {
  readonly name: string;
  /** Imported with `type`: erased at run time. */
  readonly isTypeOnly: boolean;
}

interface Declaration {
  readonly name: string;
  readonly file: string;
  /** Position in emission order: file order, then source order. */
  readonly order: number;
  readonly text: string;
  /** The same with `export`: for the runtime file of `aeganc build --runtime shared`. */
  readonly exported: string;
  /** Catalogued names this declaration's text refers to. */
  readonly uses: readonly string[];
  /** Names it imports from packages (`node:fs/promises`, tfjs-core), by specifier. */
  readonly external: ReadonlyMap<string, readonly ImportedName[]>;
  /** An interface or type alias: imported with `type`. */
  readonly isType: boolean;
  /** Why it cannot be copied (it uses a name from outside the shared folders), if so. */
  readonly problem?: string;
}

/** Copied code, and the package imports it needs: node builtins (`--target tfjs-node` only) and tfjs-core. */
export interface CopiedCode {
  readonly text: string;
  readonly imports: ReadonlyMap<string, readonly ImportedName[]>;
  /** The declarations copied, in emission order. */
  readonly names: readonly string[];
}

export interface SharedCode {
  /** Every catalogued top-level name and every name the files import from a package: generated names must avoid them. */
  readonly names: ReadonlySet<string>;
  /** Whether a catalogued name is a type (an interface or type alias). */
  isType(name: string): boolean;
  /**
   * Source text of `roots` and everything they use, grouped by file, in a
   * stable order; `exported`: each declaration keeps (or gains) `export`.
   */
  closure(roots: readonly string[], exported?: boolean): CopiedCode;
}

let cached: SharedCode | undefined;

/** The catalogue of shared declarations, read once per process. */
export function sharedCode(): SharedCode {
  cached ??= catalogueOf(packageRoot(), SHARED_FOLDERS);
  return cached;
}

/** The version in aeganc's package.json, for generated modules' headers. */
export function aegancVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The aeganc package's root: from src/codegen (tsx) or dist/src/codegen (built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'aeganc') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: cannot find the aeganc package root (its src/ is needed by `aeganc build`)');
    dir = parent;
  }
}

/** Thrown when a file under the shared folders breaks a rule copied code depends on (see src/codegen/README.md). */
export class SharedRuleError extends Error {}

/** The `.ts` files under `folders` (relative to `root`), in ES module evaluation order: imports first. */
export function sharedFiles(root: string, folders: readonly string[]): string[] {
  const all = folders.flatMap((folder) => {
    const dir = join(root, folder);
    if (!existsSync(dir)) throw new Error(`internal: ${folder} is missing from the aeganc package (\`aeganc build\` copies from it)`);
    return (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => posix.join(folder, f.split(sep).join('/')));
  });
  const known = new Set(all);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (file: string): void => {
    if (ordered.includes(file) || visiting.has(file)) return;
    visiting.add(file);
    for (const imported of localImports(readFileSync(join(root, file), 'utf8'), file)) if (known.has(imported)) visit(imported);
    visiting.delete(file);
    ordered.push(file);
  };
  for (const file of [...all].sort()) visit(file);
  return ordered;
}

/** The repository paths of the relative `.js` imports in `text`, a file at `file`. */
function localImports(text: string, file: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(/^import\s[^;]*?from\s+'(\.{1,2}\/[^']+)\.js';/gms)) {
    paths.push(posix.join(posix.dirname(file), `${match[1]}.ts`));
  }
  return paths.sort();
}

/** The catalogue of every top-level declaration under `folders`; throws a SharedRuleError when a rule is broken. */
export function catalogueOf(root: string, folders: readonly string[]): SharedCode {
  const raw = topLevelStatements(root, folders);
  const names = new Map<string, string>();
  for (const { name, file } of raw) {
    const first = names.get(name);
    if (first !== undefined) {
      throw new SharedRuleError(
        `\`${name}\` is declared at the top level of both ${first} and ${file}: generated modules copy these files into one scope, so every top-level name under ${folders.join(', ')} must be unique (rename one)`,
      );
    }
    names.set(name, file);
  }
  const reserved = new Set(names.keys());
  const declarations = new Map<string, Declaration>();
  raw.forEach((statement, order) => {
    const declaration = declarationOf(statement, order, names, folders);
    for (const used of declaration.external.values()) for (const { name } of used) reserved.add(name);
    declarations.set(statement.name, declaration);
  });
  return {
    names: reserved,
    isType: (name) => declarations.get(name)?.isType ?? false,
    closure: (roots, exported = false) => closureOf(declarations, roots, exported),
  };
}

interface TopLevelStatement {
  readonly name: string;
  readonly file: string;
  readonly statement: Statement;
  readonly imports: ReadonlyMap<string, Import>;
}

/** Every top-level declaration of the shared files, with its file's imports, in emission order. */
function topLevelStatements(root: string, folders: readonly string[]): TopLevelStatement[] {
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  const raw: TopLevelStatement[] = [];
  for (const file of sharedFiles(root, folders)) {
    const source = project.createSourceFile(`/${file}`, readFileSync(join(root, file), 'utf8'));
    const imports = importedNames(source, file);
    for (const statement of source.getStatements()) {
      // The module declares `tf` and `Tensor` itself (tf.ts's are the interpreter's import of them).
      for (const name of declaredNames(statement)) if (!PROVIDED.has(name)) raw.push({ name, file, statement, imports });
    }
  }
  return raw;
}

/** One declaration as the catalogue keeps it: its text, the catalogued names it uses, the package names it imports. */
function declarationOf({ name, file, statement, imports }: TopLevelStatement, order: number, names: ReadonlyMap<string, string>, folders: readonly string[]): Declaration {
  const uses = referencedNames(statement).filter((used) => used !== name);
  const external = new Map<string, ImportedName[]>();
  let problem: string | undefined;
  for (const used of uses) {
    const imported = imports.get(used);
    if (imported === undefined || names.has(used) || PROVIDED.has(used)) continue;
    // Only Node's builtins and tfjs-core (which the module's tf package re-exports) may stay imported;
    // anything else would be a run-time dependency. Only an error once generated code needs it.
    const { specifier, isTypeOnly } = imported;
    if (!specifier.startsWith('node:') && specifier !== TFJS_CORE) {
      problem ??= `internal: ${file}'s \`${name}\` uses \`${used}\` from '${specifier}', outside ${folders.join(', ')}: generated code cannot copy it`;
      continue;
    }
    external.set(specifier, [...(external.get(specifier) ?? []), { name: used, isTypeOnly }]);
  }
  const { local, exported } = declarationText(statement);
  const isType = Node.isInterfaceDeclaration(statement) || Node.isTypeAliasDeclaration(statement);
  return { name, file, order, text: local, exported, isType, uses: uses.filter((u) => names.has(u)), external, problem };
}

/** The source text of `roots` and everything they use, grouped by file in emission order, and the package imports they need. */
function closureOf(declarations: ReadonlyMap<string, Declaration>, roots: readonly string[], exported: boolean): CopiedCode {
  const needed = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (needed.has(name)) continue;
    const declaration = declarations.get(name);
    if (!declaration) throw new Error(`internal: generated code uses \`${name}\`, which no shared file declares`);
    if (declaration.problem) throw new Error(`${declaration.problem} [via ${[...needed].slice(-5).join(' ')}]`);
    needed.add(name);
    stack.push(...declaration.uses);
  }
  const chosen = [...needed].map((n) => declarations.get(n)!).sort((a, b) => a.order - b.order);
  const parts: string[] = [];
  const imports = new Map<string, Map<string, ImportedName>>();
  let file: string | undefined;
  const seen = new Set<string>();
  for (const d of chosen) {
    for (const [specifier, used] of d.external) {
      const byName = imports.get(specifier) ?? new Map<string, ImportedName>();
      // A name some declaration uses as a value must be imported as a value.
      for (const u of used) byName.set(u.name, { name: u.name, isTypeOnly: u.isTypeOnly && (byName.get(u.name)?.isTypeOnly ?? true) });
      imports.set(specifier, byName);
    }
    // A variable statement declaring several names is emitted once.
    if (seen.has(d.text)) continue;
    seen.add(d.text);
    if (d.file !== file) parts.push(`// ─── from ${d.file} ───`);
    file = d.file;
    parts.push(exported ? d.exported : d.text);
  }
  const sorted = [...imports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([specifier, used]) => [specifier, [...used.values()].sort((a, b) => a.name.localeCompare(b.name))] as const);
  return { text: parts.join('\n\n'), imports: new Map(sorted), names: chosen.map((d) => d.name) };
}

interface Import {
  readonly specifier: string;
  readonly isTypeOnly: boolean;
}

/** Each imported local name, with the specifier it comes from. */
function importedNames(source: SourceFile, file: string): Map<string, Import> {
  const names = new Map<string, Import>();
  for (const declaration of source.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    const wholeTypeOnly = declaration.isTypeOnly();
    const namespace = declaration.getNamespaceImport();
    if (namespace) names.set(namespace.getText(), { specifier, isTypeOnly: wholeTypeOnly });
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) names.set(defaultImport.getText(), { specifier, isTypeOnly: wholeTypeOnly });
    for (const named of declaration.getNamedImports()) {
      // `import { x as y }` would need the alias re-created in the one scope copied code shares.
      if (named.getAliasNode()) {
        throw new SharedRuleError(
          `${file} imports \`${named.getName()}\` as \`${named.getAliasNode()!.getText()}\`: generated modules copy this file without its imports, so a shared file must use each name as it is declared (drop the alias)`,
        );
      }
      names.set(named.getName(), { specifier, isTypeOnly: wholeTypeOnly || named.isTypeOnly() });
    }
  }
  return names;
}

function declaredNames(statement: Statement): string[] {
  if (Node.isVariableStatement(statement)) return statement.getDeclarations().map((d) => d.getName());
  if (
    Node.isFunctionDeclaration(statement) ||
    Node.isClassDeclaration(statement) ||
    Node.isInterfaceDeclaration(statement) ||
    Node.isTypeAliasDeclaration(statement) ||
    Node.isEnumDeclaration(statement)
  ) {
    const name = statement.getName();
    return name ? [name] : [];
  }
  return [];
}

/**
 * Identifiers that can name a top-level declaration: not property names or
 * keys, and not names a local declaration in scope shadows (a parameter
 * `shape` is not src/ir/print.ts's `shape`).
 */
function referencedNames(statement: Statement): string[] {
  const names = new Set<string>();
  for (const identifier of statement.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const parent = identifier.getParent();
    if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) continue;
    if (Node.isQualifiedName(parent) && parent.getRight() === identifier) continue;
    if ((Node.isPropertySignature(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent) || Node.isMethodSignature(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === identifier) continue;
    if (Node.isGetAccessorDeclaration(parent) || Node.isSetAccessorDeclaration(parent)) continue;
    if (isLocal(identifier, statement)) continue;
    names.add(identifier.getText());
  }
  return [...names];
}

/** Whether `identifier` is declared, or resolves to a declaration, inside `statement` below its top level. */
function isLocal(identifier: Node, statement: Statement): boolean {
  const name = identifier.getText();
  for (let scope: Node | undefined = identifier.getParent(); scope && scope !== statement; scope = scope.getParent()) {
    if (declaresLocally(scope, name)) return true;
  }
  // The statement's own parameters and type parameters (a function or class at the top level).
  return declaresLocally(statement, name, true);
}

function declaresLocally(scope: Node, name: string, topLevel = false): boolean {
  const declared = (node: Node): boolean =>
    (Node.isIdentifier(node) && node.getText() === name) || node.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === name);
  // Functions, methods, arrows and function types (`(count: number) => Tensor`).
  if (Node.isParametered(scope)) {
    if (scope.getParameters().some((p) => declared(p.getNameNode()))) return true;
  }
  if (Node.isTypeParametered(scope) && scope.getTypeParameters().some((t) => t.getName() === name)) return true;
  if (topLevel) return false;
  if (Node.isCatchClause(scope)) {
    const variable = scope.getVariableDeclaration();
    if (variable && declared(variable.getNameNode())) return true;
  }
  if (Node.isForOfStatement(scope) || Node.isForInStatement(scope) || Node.isForStatement(scope)) {
    const initializer = scope.getInitializer();
    if (initializer && Node.isVariableDeclarationList(initializer) && initializer.getDeclarations().some((d) => declared(d.getNameNode()))) return true;
  }
  if (Node.isBlock(scope) || Node.isCaseClause(scope) || Node.isDefaultClause(scope)) {
    for (const inner of scope.getStatements()) {
      if (Node.isVariableStatement(inner) && inner.getDeclarations().some((d) => declared(d.getNameNode()))) return true;
      if ((Node.isFunctionDeclaration(inner) || Node.isClassDeclaration(inner)) && inner.getName() === name) return true;
    }
  }
  return false;
}

/**
 * The declaration's text without `export`, with its doc comment and the line
 * comments directly above it (a blank line ends them: file headers stay behind),
 * under the comment policy of copiedComments.ts.
 */
function declarationText(statement: Statement): { local: string; exported: string } {
  const full = statement.getFullText();
  const start = statement.getFullStart();
  let text = full;
  const exportKeyword = statement.getFirstChildByKind(SyntaxKind.SyntaxList)?.getFirstChildByKind(SyntaxKind.ExportKeyword)
    ?? statement.getFirstChildByKind(SyntaxKind.ExportKeyword);
  if (exportKeyword) {
    const from = exportKeyword.getStart() - start;
    const to = exportKeyword.getEnd() - start;
    text = full.slice(0, from) + full.slice(to).replace(/^\s+/, '');
  }
  const leading = text.slice(0, statement.getStart(true) - start);
  const body = text.slice(leading.length);
  const adjacent = (leading.split(/\n\s*\n/).pop() ?? '').trim();
  // `export` goes after the doc comment, before the declaration's first keyword.
  const docLength = statement.getStart(false) - statement.getStart(true);
  const exportedBody = `${body.slice(0, docLength)}export ${body.slice(docLength)}`;
  return {
    local: withSummaryComments(`${adjacent}\n${body}`.trim()),
    exported: withSummaryComments(`${adjacent}\n${exportedBody}`.trim()),
  };
}
