// The numerics a generated module shares with the interpreter are not
// re-implemented here: they are copied, as source text, from the files the
// interpreter itself runs (src/numerics, src/ir; the training loop too:
// src/numerics/trainingLoop.ts) and from the small templates in ./template
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

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, Project, SyntaxKind, type SourceFile, type Statement } from 'ts-morph';

/** Files whose declarations generated code may copy, in the order they are emitted. */
export const SHARED_FILES: readonly string[] = [
  'src/ir/types.ts',
  'src/ir/seeds.ts',
  'src/ir/dependencies.ts',
  'src/numerics/context.ts',
  'src/numerics/tensorStore.ts',
  'src/numerics/dataTable.ts',
  'src/numerics/dataCursor.ts',
  'src/numerics/init.ts',
  'src/numerics/labels.ts',
  'src/numerics/latents.ts',
  'src/numerics/stopGradient.ts',
  'src/numerics/comparisonGradients.ts',
  'src/numerics/poolGradients.ts',
  'src/numerics/recomputedGradients.ts',
  'src/numerics/secondOrderGradients.ts',
  'src/numerics/layers/activations.ts',
  'src/numerics/layers/dense.ts',
  'src/numerics/layers/conv.ts',
  'src/numerics/layers/normalization.ts',
  'src/numerics/layers/pooling.ts',
  'src/numerics/layers/regularization.ts',
  'src/numerics/layers/shape.ts',
  'src/numerics/layers/spectralNorm.ts',
  'src/numerics/layerOps.ts',
  'src/numerics/network.ts',
  'src/numerics/expressions/reduce.ts',
  'src/numerics/expressions/losses.ts',
  'src/numerics/expressions/modelTerms.ts',
  'src/numerics/termOps.ts',
  'src/numerics/expressions/evaluate.ts',
  'src/numerics/optimizers.ts',
  'src/numerics/ema.ts',
  'src/numerics/trainingLoop.ts',
  'src/numerics/kernels/backendNames.ts',
  'src/numerics/kernels/kernelCalls.ts',
  'src/numerics/kernels/installKernels.ts',
  'src/numerics/kernels/conv2DBackpropFilter.ts',
  'src/numerics/kernels/wasm/subPixelPlan.ts',
  'src/numerics/kernels/wasm/conv2DBackpropInput.ts',
  'src/numerics/kernels/wasm/matMulTransposed.ts',
  'src/numerics/kernels/wasm/tile.ts',
  'src/numerics/kernels/wasm/oneHot.ts',
  'src/numerics/kernels/wasm/castToBool.ts',
  'src/numerics/kernels/wasm/clipInt32.ts',
  'src/numerics/kernels/wasm/maxPoolGrad.ts',
  'src/numerics/kernels/wasm/sumLeadingAxes.ts',
  'src/numerics/kernels/wasm/registerWasmKernels.ts',
  'src/numerics/kernels/cpu/registerCpuKernels.ts',
  'src/numerics/kernels/installBackendKernels.ts',
  'src/codegen/template/layers.ts',
  'src/codegen/template/inference.ts',
  'src/codegen/template/data.ts',
  'src/codegen/template/persistence.ts',
  'src/codegen/template/nodeFiles.ts',
];

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
  /** Catalogued names this declaration's text refers to. */
  readonly uses: readonly string[];
  /** Names it imports from packages (`node:fs/promises`, tfjs-core), by specifier. */
  readonly external: ReadonlyMap<string, readonly ImportedName[]>;
}

/** Copied code, and the package imports it needs: node builtins (`--target tfjs-node` only) and tfjs-core. */
export interface CopiedCode {
  readonly text: string;
  readonly imports: ReadonlyMap<string, readonly ImportedName[]>;
}

export interface SharedCode {
  /** Every catalogued top-level name and every name the files import from a package: generated names must avoid them. */
  readonly names: ReadonlySet<string>;
  /** Source text of `roots` and everything they use, grouped by file, in a stable order. */
  closure(roots: readonly string[]): CopiedCode;
}

let cached: SharedCode | undefined;

/** The catalogue of shared declarations, read once per process. */
export function sharedCode(): SharedCode {
  cached ??= buildCatalogue(packageRoot());
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

function buildCatalogue(root: string): SharedCode {
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  const files = SHARED_FILES.map((file) => {
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`internal: ${file} is missing from the aeganc package (\`aeganc build\` copies it)`);
    return { file, source: project.createSourceFile(`/${file}`, readFileSync(path, 'utf8')) };
  });

  const raw: { name: string; file: string; statement: Statement; imports: ReadonlyMap<string, Import> }[] = [];
  for (const { file, source } of files) {
    const imports = importedNames(source);
    for (const statement of source.getStatements()) {
      for (const name of declaredNames(statement)) raw.push({ name, file, statement, imports });
    }
  }
  const names = new Set<string>();
  for (const { name, file } of raw) {
    if (names.has(name)) throw new Error(`internal: \`${name}\` is declared twice among the files generated code copies (again in ${file})`);
    names.add(name);
  }
  const reserved = new Set(names);

  const declarations = new Map<string, Declaration>();
  raw.forEach(({ name, file, statement, imports }, order) => {
    const uses = referencedNames(statement).filter((used) => used !== name);
    const external = new Map<string, ImportedName[]>();
    for (const used of uses) {
      const imported = imports.get(used);
      if (imported === undefined || names.has(used) || PROVIDED.has(used)) continue;
      // Only Node's builtins and tfjs-core (which the module's tf package re-exports) may stay imported;
      // anything else would be a run-time dependency.
      const { specifier, isTypeOnly } = imported;
      if (!specifier.startsWith('node:') && specifier !== TFJS_CORE) {
        throw new Error(`internal: ${file}'s \`${name}\` uses \`${used}\`, which generated code cannot copy`);
      }
      external.set(specifier, [...(external.get(specifier) ?? []), { name: used, isTypeOnly }]);
      reserved.add(used);
    }
    declarations.set(name, { name, file, order, text: declarationText(statement), uses: uses.filter((u) => names.has(u)), external });
  });

  return {
    names: reserved,
    closure(roots) {
      const needed = new Set<string>();
      const stack = [...roots];
      while (stack.length > 0) {
        const name = stack.pop()!;
        if (needed.has(name)) continue;
        const declaration = declarations.get(name);
        if (!declaration) throw new Error(`internal: generated code uses \`${name}\`, which no shared file declares`);
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
        parts.push(d.text);
      }
      const sorted = [...imports]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([specifier, used]) => [specifier, [...used.values()].sort((a, b) => a.name.localeCompare(b.name))] as const);
      return { text: parts.join('\n\n'), imports: new Map(sorted) };
    },
  };
}

interface Import {
  readonly specifier: string;
  readonly isTypeOnly: boolean;
}

/** Each imported local name, with the specifier it comes from. */
function importedNames(source: SourceFile): Map<string, Import> {
  const names = new Map<string, Import>();
  for (const declaration of source.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    const wholeTypeOnly = declaration.isTypeOnly();
    const namespace = declaration.getNamespaceImport();
    if (namespace) names.set(namespace.getText(), { specifier, isTypeOnly: wholeTypeOnly });
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) names.set(defaultImport.getText(), { specifier, isTypeOnly: wholeTypeOnly });
    for (const named of declaration.getNamedImports()) {
      // `import { x as y }` would need the alias re-created; the shared files do not use it.
      if (named.getAliasNode()) throw new Error(`internal: ${source.getFilePath()} renames an import; generated code cannot copy that`);
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

/** Identifiers that can name a top-level declaration: not property names or keys. */
function referencedNames(statement: Statement): string[] {
  const names = new Set<string>();
  for (const identifier of statement.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const parent = identifier.getParent();
    if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) continue;
    if (Node.isQualifiedName(parent) && parent.getRight() === identifier) continue;
    if ((Node.isPropertySignature(parent) || Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent) || Node.isMethodSignature(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === identifier) continue;
    names.add(identifier.getText());
  }
  return [...names];
}

/**
 * The declaration's text without `export`, with its doc comment and the line
 * comments directly above it (a blank line ends them: file headers stay behind).
 */
function declarationText(statement: Statement): string {
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
  const adjacent = leading.split(/\n\s*\n/).pop() ?? '';
  return `${adjacent.trim()}\n${body}`.trim();
}
