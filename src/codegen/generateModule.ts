// `aeganc build`'s core: an IR module in, the text of a TypeScript module out.
// The module is assembled as a ts-morph source file (imports, the helpers
// copied from the interpreter, then the spec's own code), and formatted by
// prettier. Nothing here touches the file system except reading the shared
// source files (runtimeSource.ts).

import { Project, type SourceFile } from 'ts-morph';
import { format } from 'prettier';
import type { IrModule } from '../ir/types.js';
import { NameScope, commentText, numberLiteral, pascalCase, stringLiteral } from './identifiers.js';
import { aegancVersion, sharedCode, TFJS_CORE } from './runtimeSource.js';
import { bindNetworks, emitNetwork } from './emitNetwork.js';
import { emitGraph } from './emitGraph.js';
import { emitApi, type ApiNames, type Target } from './emitApi.js';
import { headerComment } from './header.js';
import { literal } from './literals.js';
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
  const model = pascalCase(ir.name) || 'Model';
  const names: ApiNames = {
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

  const helpers = new Set<string>(['WeightSpec', 'StateSpec', 'CompiledModule', 'SourceFields', 'Latent']);
  const sections: string[] = [];

  // ── tables of the IR the training loop reads ──
  sections.push(`/** The spec's model name, checked when loading a saved model. */\nexport const MODEL_NAME = ${stringLiteral(ir.name)};`);
  sections.push(`/** Weights in creation order: weight i draws its initial value with mixSeed(seed, 1, i, 0). */\nconst WEIGHTS: readonly WeightSpec[] = [\n${ir.weights.map((w) => `  ${literal({ id: w.id, shape: w.shape, init: w.init, fanIn: w.fanIn, fanOut: w.fanOut })},`).join('\n')}\n];`);
  sections.push(`/** Moving statistics and spectral \`u\`, numbered after the weights. */\nconst STATE: readonly StateSpec[] = [\n${ir.state.map((s) => `  ${literal({ id: s.id, shape: s.shape, init: s.init })},`).join('\n')}\n];`);
  sections.push(`/** The data sources' fields, as the IR describes them. */\nconst DATA: readonly SourceFields[] = [\n${ir.data.map((d) => `  ${literal({ index: d.index, fields: d.fields })},`).join('\n')}\n];`);
  const latentsIndex = sections.length;

  // ── networks ──
  const networks = bindNetworks(ir, scope, typeName);
  for (const binding of networks) {
    const code = emitNetwork(binding, ir, scope);
    code.helpers.forEach((h) => helpers.add(h));
    sections.push(code.text);
  }

  // ── steps ──
  const stepEntries: string[] = [];
  ir.train.steps.forEach((step) => {
    const fn = scope.claim(`evaluate${pascalCase(step.name)}Step`);
    const locals = scope.child(['ctx', 'batches']);
    const graph = emitGraph(ir, [step.objective, ...step.reports.map((r) => r.node)], networks, locals);
    graph.helpers.forEach((h) => helpers.add(h));
    const [objective, ...reports] = graph.roots;
    const o = step.optimizer;
    const goal = objectiveName(ir, step.objective);
    const optimizerText = `${o.kind}(${Object.entries(o).filter(([k]) => k !== 'kind').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')})`;
    sections.push(`/**
 * step ${commentText(step.name)}: ${commentText(`${goal} over ${step.over.join(', ')} with ${optimizerText}${step.repeat > 1 ? ` repeat ${step.repeat}` : ''}`)}
 * (${commentText(ir.file)}:${step.source.line}). The objective and reported losses, in training mode.
 */
function ${fn}(ctx: ForwardContext, batches: BatchSource): StepValues {
${graph.lines.join('\n')}
return { objective: ${objective}, reports: [${reports.join(', ')}] };
}`);
    // The step's own optimizer rule, so that the module copies only the kinds it uses,
    // wrapped with its schedule and clipping only when it has them.
    helpers.add(`${o.kind}Rule`);
    const { schedule, clipNorm, ...hyperparameters } = o;
    const controls = { ...(schedule ? { schedule } : {}), ...(clipNorm !== undefined ? { clipNorm } : {}) };
    const rule = `${o.kind}Rule(${literal(hyperparameters)})`;
    if (Object.keys(controls).length > 0) helpers.add('withTrainingControls');
    stepEntries.push(`  {
    name: ${stringLiteral(step.name)},
    update: ${Object.keys(controls).length > 0 ? `withTrainingControls(${rule}, ${literal(controls)})` : rule},
    weights: ${updatesEveryWeight(ir, step.weights) ? 'WEIGHTS.map((w) => w.id)' : literal(step.weights)},
    repeat: ${numberLiteral(step.repeat)},
    reports: ${literal(step.reports.map((r) => r.name))},
    evaluate: ${fn},
  },`);
  });
  helpers.add('ForwardContext').add('BatchSource').add('StepValues');

  // ── sample items ──
  const sampleFns: string[] = [];
  const sampleSources = ir.train.samples.map((sample, i) => {
    const fn = scope.claim(`sample${i}`);
    const locals = scope.child(['ctx', 'batches']);
    const graph = emitGraph(ir, [sample.node], networks, locals);
    graph.helpers.forEach((h) => helpers.add(h));
    const node = ir.nodes[sample.node]!;
    sections.push(`/** \`sample\` item ${i} (${commentText(ir.file)}:${node.source.line}), in inference mode. */
function ${fn}(ctx: ForwardContext, batches: BatchSource): Tensor {
${graph.lines.join('\n')}
return ${graph.roots[0]};
}`);
    sampleFns.push(fn);
    return graph.sources;
  });
  if (sampleFns.length > 0) sections.push(`/** The \`sample\` items of the train block, in order. */\nconst SAMPLES: readonly ((ctx: ForwardContext, batches: BatchSource) => Tensor)[] = [${sampleFns.join(', ')}];`);

  // Only a module whose graph draws latents gets their table and drawLatent.
  const drawsLatents = sections.some((text) => text.includes('LATENTS['));
  if (drawsLatents) helpers.add('drawLatent');
  if (ir.train.ema.length > 0) helpers.add('weightAverages');
  const ema = ir.train.ema.map((e) => ({ ids: ir.networks.find((n) => n.name === e.network)?.weights ?? [], decay: e.decay }));
  sections.push(`/** The spec, compiled: what the training loop runs. */
const MODULE: CompiledModule = {
  weights: WEIGHTS,
  state: STATE,
  steps: [
${stepEntries.join('\n')}
  ],
  data: DATA,${ema.length > 0 ? `\n  ema: weightAverages(${literal(ema)}),` : ''}${drawsLatents ? '\n  drawLatent,' : ''}
};`);

  // Only a module whose graph draws latents gets their table (unused locals fail strict builds).
  if (drawsLatents) {
    sections.splice(latentsIndex, 0, `/** The latents, in declaration order. */\nconst LATENTS: readonly Latent[] = [\n${ir.latents.map((l) => `  ${literal(l)},`).join('\n')}\n];`);
  }

  // ── the API ──
  const api = emitApi({ ir, target, names, networks, scope, sampleSources });
  api.helpers.forEach((h) => helpers.add(h));
  sections.push(api.text);

  const specCode = sections.join('\n\n');
  const roots = [...helpers].filter((h) => h !== 'Tensor').sort();
  // What the module's code calls decides which gradient registrations and kernel fixes it carries.
  const hasPenalty = ir.nodes.some((n) => n.op === 'gradient_penalty' || n.op === 'r1_penalty');
  const registration = gradientRegistrationFor(`${shared.closure(roots).text}\n${specCode}`, hasPenalty);
  if (registration) roots.push(registration);
  const fixes = kernelFixesFor(`${shared.closure(roots).text}\n${specCode}`);
  const used = [...roots, 'KernelFix', ...fixes].sort();
  const tfPackage = target === 'tfjs-node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs';
  const registrationLines = registration === 'registerSecondOrderGradients'
    ? ['// Second-order gradients (gradient_penalty, r1_penalty) need these, as in the interpreter.', `${registration}();`]
    : registration
      ? ['// The gradients the interpreter registers for the pools this spec uses.', `${registration}();`]
      : [];
  const spec = [
    `// ═══════════════ The spec: ${commentText(ir.name)} ═══════════════`,
    `/** The interpreter's kernel fixes that this module's ops need (src/numerics/kernels/README.md), installed by createModel. */\nconst KERNEL_FIXES: readonly KernelFix[] = [${fixes.join(', ')}];`,
    specCode,
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

/** Whether a step's weights are all the spec's, in creation order: then its entry names them through WEIGHTS. */
function updatesEveryWeight(ir: IrModule, weights: readonly string[]): boolean {
  return weights.length === ir.weights.length && weights.every((id, i) => ir.weights[i]!.id === id);
}

/** `minimize d_loss`, `maximize score`, or `minimize` alone for an unnamed objective. */
function objectiveName(ir: IrModule, objective: number): string {
  const named = ir.losses.find((l) => l.node === objective);
  if (named) return `minimize ${named.name}`;
  const node = ir.nodes[objective];
  const negated = node?.op === 'neg' ? ir.losses.find((l) => l.node === node.inputs[0]) : undefined;
  return negated ? `maximize ${negated.name}` : 'minimize';
}
