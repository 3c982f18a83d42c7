// The spec's own code in a generated module, in order: the tables the
// training loop reads (model name, weights, state, data sources, latents),
// one function per network, one `evaluate` per step, the `sample` items, the
// `CompiledModule` record that ties them together, and the typed API. Each
// part names the copied helpers it uses; generateModule.ts copies their
// closure and assembles the file.

import type { IrModule, Step } from '../ir/types.js';
import { NameScope, commentText, numberLiteral, pascalCase, stringLiteral } from './identifiers.js';
import { bindNetworks, emitNetwork, type NetworkBinding } from './emitNetwork.js';
import { emitGraph } from './emitGraph.js';
import { emitApi, type ApiCode, type ApiNames, type Target } from './emitApi.js';
import { literal } from './literals.js';

export interface SpecCode {
  /** The sections, in order, joined by blank lines. */
  readonly text: string;
  /** The copied helpers the spec's code names. */
  readonly helpers: ReadonlySet<string>;
  readonly api: ApiCode;
}

export interface SpecInput {
  readonly ir: IrModule;
  readonly target: Target;
  readonly names: ApiNames;
  readonly scope: NameScope;
  /** Claims a type name (PascalCase) in the module scope. */
  readonly typeName: (wanted: string) => string;
}

export function emitSpec({ ir, target, names, scope, typeName }: SpecInput): SpecCode {
  const helpers = new Set<string>(['WeightSpec', 'StateSpec', 'CompiledModule', 'SourceFields', 'Latent']);
  const sections = tableSections(ir);
  const latentsIndex = sections.length;

  const networks = bindNetworks(ir, scope, typeName);
  for (const binding of networks) {
    const code = emitNetwork(binding, ir, scope);
    code.helpers.forEach((h) => helpers.add(h));
    sections.push(code.text);
  }

  const stepEntries = ir.train.steps.map((step) => {
    const code = stepCode(ir, step, networks, scope);
    code.helpers.forEach((h) => helpers.add(h));
    sections.push(code.section);
    return code.entry;
  });
  helpers.add('ForwardContext').add('BatchSource').add('StepValues');

  const samples = sampleCode(ir, networks, scope);
  samples.helpers.forEach((h) => helpers.add(h));
  sections.push(...samples.sections);

  // Only a module whose graph draws latents gets their table and drawLatent (unused locals fail strict builds).
  const drawsLatents = sections.some((text) => text.includes('LATENTS['));
  if (drawsLatents) helpers.add('drawLatent');
  if (ir.train.ema.length > 0) helpers.add('weightAverages');
  sections.push(compiledModuleSection(ir, stepEntries, drawsLatents));
  if (drawsLatents) {
    sections.splice(latentsIndex, 0, `/** The latents, in declaration order. */\nconst LATENTS: readonly Latent[] = [\n${ir.latents.map((l) => `  ${literal(l)},`).join('\n')}\n];`);
  }

  const api = emitApi({ ir, target, names, networks, scope, sampleSources: samples.sources });
  api.helpers.forEach((h) => helpers.add(h));
  sections.push(api.text);
  return { text: sections.join('\n\n'), helpers, api };
}

/** The tables of the IR the training loop reads: the model name, weights, state and data sources. */
function tableSections(ir: IrModule): string[] {
  return [
    `/** The spec's model name, checked when loading a saved model. */\nexport const MODEL_NAME = ${stringLiteral(ir.name)};`,
    `/** Weights in creation order: weight i draws its initial value with mixSeed(seed, 1, i, 0). */\nconst WEIGHTS: readonly WeightSpec[] = [\n${ir.weights.map((w) => `  ${literal({ id: w.id, shape: w.shape, init: w.init, fanIn: w.fanIn, fanOut: w.fanOut })},`).join('\n')}\n];`,
    `/** Moving statistics and spectral \`u\`, numbered after the weights. */\nconst STATE: readonly StateSpec[] = [\n${ir.state.map((s) => `  ${literal({ id: s.id, shape: s.shape, init: s.init })},`).join('\n')}\n];`,
    `/** The data sources' fields, as the IR describes them. */\nconst DATA: readonly SourceFields[] = [\n${ir.data.map((d) => `  ${literal({ index: d.index, fields: d.fields })},`).join('\n')}\n];`,
  ];
}

/** A step's `evaluate` function and its entry in `MODULE.steps`. */
function stepCode(ir: IrModule, step: Step, networks: readonly NetworkBinding[], scope: NameScope): { section: string; entry: string; helpers: Set<string> } {
  const fn = scope.claim(`evaluate${pascalCase(step.name)}Step`);
  const locals = scope.child(['ctx', 'batches']);
  const graph = emitGraph(ir, [step.objective, ...step.reports.map((r) => r.node)], networks, locals);
  const helpers = new Set(graph.helpers);
  const [objective, ...reports] = graph.roots;
  const o = step.optimizer;
  const goal = objectiveName(ir, step.objective);
  const optimizerText = `${o.kind}(${Object.entries(o).filter(([k]) => k !== 'kind').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')})`;
  const section = `/**
 * step ${commentText(step.name)}: ${commentText(`${goal} over ${step.over.join(', ')} with ${optimizerText}${step.repeat > 1 ? ` repeat ${step.repeat}` : ''}`)}
 * (${commentText(ir.file)}:${step.source.line}). The objective and reported losses, in training mode.
 */
function ${fn}(ctx: ForwardContext, batches: BatchSource): StepValues {
${graph.lines.join('\n')}
return { objective: ${objective}, reports: [${reports.join(', ')}] };
}`;
  // The step's own optimizer rule, so that the module copies only the kinds it uses,
  // wrapped with its schedule and clipping only when it has them.
  helpers.add(`${o.kind}Rule`);
  const { schedule, clipNorm, ...hyperparameters } = o;
  const controls = { ...(schedule ? { schedule } : {}), ...(clipNorm !== undefined ? { clipNorm } : {}) };
  const rule = `${o.kind}Rule(${literal(hyperparameters)})`;
  if (Object.keys(controls).length > 0) helpers.add('withTrainingControls');
  const entry = `  {
    name: ${stringLiteral(step.name)},
    update: ${Object.keys(controls).length > 0 ? `withTrainingControls(${rule}, ${literal(controls)})` : rule},
    weights: ${updatesEveryWeight(ir, step.weights) ? 'WEIGHTS.map((w) => w.id)' : literal(step.weights)},
    repeat: ${numberLiteral(step.repeat)},
    reports: ${literal(step.reports.map((r) => r.name))},
    evaluate: ${fn},
  },`;
  return { section, entry, helpers };
}

/** One function per `sample` item of the train block, and their table; `sources`: the data sources each reads. */
function sampleCode(ir: IrModule, networks: readonly NetworkBinding[], scope: NameScope): { sections: string[]; helpers: Set<string>; sources: ReadonlySet<number>[] } {
  const sections: string[] = [];
  const helpers = new Set<string>();
  const fns: string[] = [];
  const sources = ir.train.samples.map((sample, i) => {
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
    fns.push(fn);
    return graph.sources;
  });
  if (fns.length > 0) sections.push(`/** The \`sample\` items of the train block, in order. */\nconst SAMPLES: readonly ((ctx: ForwardContext, batches: BatchSource) => Tensor)[] = [${fns.join(', ')}];`);
  return { sections, helpers, sources };
}

/** `MODULE`: the record the copied training loop runs (the interpreter builds the same one from the IR). */
function compiledModuleSection(ir: IrModule, stepEntries: readonly string[], drawsLatents: boolean): string {
  const ema = ir.train.ema.map((e) => ({ ids: ir.networks.find((n) => n.name === e.network)?.weights ?? [], decay: e.decay }));
  return `/** The spec, compiled: what the training loop runs. */
const MODULE: CompiledModule = {
  weights: WEIGHTS,
  state: STATE,
  steps: [
${stepEntries.join('\n')}
  ],
  data: DATA,${ema.length > 0 ? `\n  ema: weightAverages(${literal(ema)}),` : ''}${drawsLatents ? '\n  drawLatent,' : ''}
};`;
}

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
