// `aeganc build`'s core: an IR module in, the text of a TypeScript module out.
// The spec's own code comes from emitSpec.ts; this file decides what is
// copied with it (the closure of the helpers it names, its kernel fixes and
// gradient registration) and assembles the file as a ts-morph source file
// (imports, the copied helpers, then the spec's code), formatted by
// prettier; with `--runtime shared`, the copied helpers go to a runtime
// file. Nothing here touches the file system except reading the shared
// source files (runtimeSource.ts).

import { Project, type SourceFile } from 'ts-morph';
import { format } from 'prettier';
import type { IrModule } from '../ir/types.js';
import { NameScope, commentText, pascalCase } from './identifiers.js';
import { aegancVersion, sharedCode, TFJS_CORE, type SharedCode } from './runtimeSource.js';
import type { ApiNames, Target } from './emitApi.js';
import { emitSpec, type SpecCode } from './emitSpec.js';
import { headerComment } from './header.js';
import { gradientRegistrationFor, kernelFixesFor } from './kernelFixes.js';

export type { Target } from './emitApi.js';

/** `inline`: one self-contained module; `shared`: the module imports its helpers from a runtime file beside it. */
export type RuntimeMode = 'inline' | 'shared';

export interface GenerateOptions {
  readonly target?: Target;
  readonly runtime?: RuntimeMode;
  /**
   * With `runtime: 'shared'`, the runtime file's name without `.ts`
   * (`mnist-ae.runtime`); the module imports `./<runtimeName>.js`.
   */
  readonly runtimeName?: string;
}

/** What `aeganc build` writes: the module and, with `--runtime shared`, its runtime file. */
export interface BuiltModule {
  readonly module: string;
  readonly runtime?: { readonly name: string; readonly text: string };
}

/** The module's text, self-contained (`--runtime inline`). */
export async function generateModule(ir: IrModule, options: Omit<GenerateOptions, 'runtime' | 'runtimeName'> = {}): Promise<string> {
  return (await buildModule(ir, { ...options, runtime: 'inline' })).module;
}

/** Module-level names of the spec's code, claimed before any spec name so they keep their spelling. */
const FIXED_NAMES = ['createModel', 'KERNEL_FIXES', 'MODEL_NAME', 'PARAMS', 'WEIGHTS', 'STATE', 'DATA', 'LATENTS', 'MODULE', 'SAMPLES', 'fieldsOf', 'dataTables', 'lossesOf'] as const;

/** The module and, for `runtime: 'shared'`, the runtime file it imports. */
export async function buildModule(ir: IrModule, options: GenerateOptions = {}): Promise<BuiltModule> {
  const target = options.target ?? 'tfjs';
  const shared = sharedCode();
  const scope = new NameScope(shared.names);
  for (const name of FIXED_NAMES) scope.claim(name);
  const typeName = (wanted: string): string => scope.claim(pascalCase(wanted));
  const names = claimApiNames(ir, typeName);

  const specCode = emitSpec({ ir, target, names, scope, typeName });
  const { api } = specCode;
  const { used, fixes, registration } = copiedRoots(ir, shared, specCode);
  const tfPackage = target === 'tfjs-node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs';
  const registrationLines = registrationStatements(registration);
  const spec = [
    `// ═══════════════ The spec: ${commentText(ir.name)} ═══════════════`,
    `/** The interpreter's kernel fixes that this module's ops need (src/numerics/kernels/README.md), installed by createModel. */\nconst KERNEL_FIXES: readonly KernelFix[] = [${fixes.join(', ')}];`,
    specCode.text,
  ];
  const header = headerComment(ir, target, names, api, aegancVersion(), options.runtime === 'shared' ? runtimeSpecifier(options) : undefined);

  if (options.runtime !== 'shared') {
    const copied = shared.closure(used);
    return { module: await formatted(header, tfPackage, copied.imports, [
      'type Tensor = tf.Tensor;',
      `// ═══════════════ Numerics shared with the aeganc interpreter (copied from its sources) ═══════════════`,
      copied.text,
      ...registrationLines,
      ...spec,
    ]) };
  }

  // --runtime shared: the same closure, exported from a file beside the module, which imports what it uses.
  const copied = shared.closure(used, true);
  // Only what the module's own code names (a root like `DataCursor` may be there for the runtime's sake).
  const ownCode = [...registrationLines, ...spec].join('\n');
  const imported = used.filter((name) => new RegExp(`\\b${name}\\b`).test(ownCode));
  const imports = new Map([[runtimeSpecifier(options), imported.map((name) => ({ name, isTypeOnly: shared.isType(name) }))]]);
  return {
    module: await formatted(header, tfPackage, imports, ['type Tensor = tf.Tensor;', ...registrationLines, ...spec]),
    runtime: {
      name: runtimeName(options),
      text: await formatted(runtimeHeader(ir, aegancVersion()), tfPackage, copied.imports, ['type Tensor = tf.Tensor;', copied.text]),
    },
  };
}

/** The API's module-level names: its types claimed in the scope (PascalCase, after the spec), the rest fixed. */
function claimApiNames(ir: IrModule, typeName: (wanted: string) => string): ApiNames {
  const model = pascalCase(ir.name) || 'Model';
  return {
    modelClass: typeName(`${model}Model`),
    options: typeName('ModelOptions'),
    losses: typeName('Losses'),
    batch: typeName('Batch'),
    batchFeed: typeName('BatchFeed'),
    data: typeName('Data'),
    trainOptions: typeName('TrainOptions'),
    inferenceOptions: typeName('InferenceOptions'),
    sampleOptions: typeName('SampleOptions'),
    params: 'PARAMS',
    modelName: 'MODEL_NAME',
    module: 'MODULE',
    data_: 'DATA',
    fieldsOf: 'fieldsOf',
    dataTables: 'dataTables',
    lossesOf: 'lossesOf',
    samples: 'SAMPLES',
  };
}

/**
 * The names whose closure the module copies: the helpers the spec's code
 * names, its gradient registration and its kernel fixes. What the module's
 * code calls (copied helpers included) decides the last two.
 */
function copiedRoots(ir: IrModule, shared: SharedCode, specCode: SpecCode): { used: string[]; fixes: string[]; registration?: string } {
  const roots = [...specCode.helpers].filter((h) => h !== 'Tensor').sort();
  const hasPenalty = ir.nodes.some((n) => n.op === 'gradient_penalty' || n.op === 'r1_penalty');
  const registration = gradientRegistrationFor(`${shared.closure(roots).text}\n${specCode.text}`, hasPenalty);
  if (registration) roots.push(registration);
  const fixes = kernelFixesFor(`${shared.closure(roots).text}\n${specCode.text}`);
  return { used: [...roots, 'KernelFix', ...fixes].sort(), fixes, ...(registration ? { registration } : {}) };
}

/** The module-level call of a gradient registration, with why. */
function registrationStatements(registration: string | undefined): string[] {
  if (registration === 'registerSecondOrderGradients') {
    return ['// Second-order gradients (gradient_penalty, r1_penalty) need these, as in the interpreter.', `${registration}();`];
  }
  return registration ? ['// The gradients the interpreter registers for the pools this spec uses.', `${registration}();`] : [];
}

function runtimeName(options: GenerateOptions): string {
  return options.runtimeName ?? 'aeganc-runtime';
}

/** The runtime file's import specifier in the module: `./<stem>.runtime.js`. */
function runtimeSpecifier(options: GenerateOptions): string {
  return `./${runtimeName(options)}.js`;
}

function runtimeHeader(ir: IrModule, version: string): string {
  return `/**
 * The aeganc ${version} interpreter's numerics that the module built from ${commentText(ir.file)} uses
 * (\`aeganc build --runtime shared\`): copied from its sources, exactly what \`--runtime inline\`
 * would put inside the module. Do not edit it; rebuild the module instead.
 */`;
}

async function formatted(
  header: string,
  tfPackage: string,
  imports: ReadonlyMap<string, readonly { readonly name: string; readonly isTypeOnly: boolean }[]>,
  statements: readonly string[],
): Promise<string> {
  const project = new Project({ useInMemoryFileSystem: true });
  const file: SourceFile = project.createSourceFile('/module.ts', '');
  file.addStatements(header);
  file.addImportDeclaration({ namespaceImport: 'tf', moduleSpecifier: tfPackage });
  for (const [specifier, used] of imports) {
    file.addImportDeclaration({
      namedImports: used.map(({ name, isTypeOnly }) => ({ name, isTypeOnly })),
      // The kernel fixes' tfjs-core names come from the module's tf package, which re-exports them.
      moduleSpecifier: specifier === TFJS_CORE ? tfPackage : specifier,
    });
  }
  file.addStatements([...statements]);
  const text = file.getFullText();
  // prettier runs at well under 100 KB/s: a spec of 10,000 layers made build
  // take minutes. Past the limit the module is left as ts-morph wrote it
  // (valid, indented, just not reflowed); every example is far below it.
  if (text.length > PRETTIER_LIMIT) return text;
  return format(text, { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' });
}

/** The largest module (in characters, before formatting) that is run through prettier: about 3 times the largest example's. */
export const PRETTIER_LIMIT = 256 * 1024;
