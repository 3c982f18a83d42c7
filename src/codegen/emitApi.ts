// The typed API of a generated module: its option, loss, batch and data
// types, the model class (training, inference, save and load) and
// `createModel`. Types are named after the spec's names; the class delegates
// the numerics to the copied TrainingState and network functions.

import type { IrModule } from '../ir/types.js';
import { NameScope, commentText, numberLiteral, stringLiteral } from './identifiers.js';
import type { NetworkBinding } from './emitNetwork.js';

export type Target = 'tfjs' | 'tfjs-node';

/** Module-level names the API refers to (claimed by generateModule). */
export interface ApiNames {
  readonly modelClass: string;
  readonly options: string;
  readonly losses: string;
  readonly batch: string;
  readonly batchFeed: string;
  readonly data: string;
  readonly trainOptions: string;
  readonly inferenceOptions: string;
  readonly sampleOptions: string;
  readonly params: string;
  readonly modelName: string;
  readonly module: string;
  readonly data_: string;
  readonly fieldsOf: string;
  readonly dataTables: string;
  readonly lossesOf: string;
  readonly samples: string;
}

export interface ApiInput {
  readonly ir: IrModule;
  readonly target: Target;
  readonly names: ApiNames;
  readonly networks: readonly NetworkBinding[];
  readonly scope: NameScope;
  /** Data sources read by each `sample` item's expression. */
  readonly sampleSources: readonly ReadonlySet<number>[];
}

export interface ApiCode {
  readonly text: string;
  readonly helpers: ReadonlySet<string>;
  /** The spec's field, loss and param names as the API spells them, for the header. */
  readonly properties: { readonly fields: ReadonlyMap<string, string>; readonly losses: ReadonlyMap<string, string>; readonly params: ReadonlyMap<string, string> };
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function emitApi(input: ApiInput): ApiCode {
  const { ir, names, target } = input;
  const helpers = new Set<string>(['TrainingState', 'SourceFeed', 'Tensor', 'toArtifacts', 'fromArtifacts', 'ForwardContext', 'installKernelFixes']);
  const out: string[] = [];

  // ── property names: one scope per object type, so `__proto__` and reserved words never appear ──
  const fieldScope = NameScope.properties();
  const fields = new Map<string, string>();
  for (const source of ir.data) for (const f of source.fields) fields.set(f.name, fieldScope.claim(f.name));
  const lossScope = NameScope.properties();
  const losses = new Map<string, string>();
  for (const step of ir.train.steps) for (const r of step.reports) if (!losses.has(r.name)) losses.set(r.name, lossScope.claim(r.name));
  const optionScope = NameScope.properties(['seed', 'batch']);
  const params = new Map(ir.params.map((p) => [p.name, optionScope.claim(p.name)] as const));
  const hasData = fields.size > 0;

  // ── types ──
  out.push(`/** The spec's params. Shapes depend on them, so they are fixed when the module is built: rebuild with \`aeganc build --set NAME=VALUE\` to change one. */
export const ${names.params} = { ${ir.params.map((p) => `${params.get(p.name)}: ${numberLiteral(p.value)}`).join(', ')} } as const;`);

  const paramMembers = ir.params.map((p) => `  /** \`param ${commentText(p.name)} = ${p.value}\`: fixed at build time (see ${names.params}). */\n  readonly ${params.get(p.name)}?: ${numberLiteral(p.value)};`);
  out.push(`/** Options of \`createModel\`. */
export interface ${names.options} {
  /** Seeds every random draw: initial weights, batches' order, noise (the spec's \`seed ${ir.train.seed}\`). */
  readonly seed?: number;
  /** Examples per batch (the spec's \`batch ${ir.train.batch}\`). */
  readonly batch?: number;
${paramMembers.join('\n')}
}`);

  const lossMembers = [...losses].map(([name, prop]) => `  /** \`loss ${commentText(name)}\`. */\n  readonly ${prop}: number;`);
  out.push(`/** The losses one iteration reports: the last value of each step's loss. */\nexport interface ${names.losses} {\n${lossMembers.join('\n')}\n}`);

  const batchMembers: string[] = [];
  const dataMembers: string[] = [];
  for (const source of ir.data) {
    for (const f of source.fields) {
      const prop = fields.get(f.name)!;
      if (f.type.kind === 'class') {
        batchMembers.push(`  /** \`${commentText(f.name)}\`: class labels 0..${f.type.classes - 1}, int32 [batch]. */\n  readonly ${prop}: Tensor;`);
        dataMembers.push(`  /** \`${commentText(f.name)}\`: one int32 label (0..${f.type.classes - 1}) per example. */\n  readonly ${prop}: Int32Array;`);
      } else {
        const size = f.type.shape.reduce((p, d) => p * d, 1);
        batchMembers.push(`  /** \`${commentText(f.name)}\`: float32 [batch, ${f.type.shape.join(', ')}], values in ${source.range[0]}..${source.range[1]}. */\n  readonly ${prop}: Tensor;`);
        dataMembers.push(`  /** \`${commentText(f.name)}\`: ${size} float32 values per example (${shapeText(f.type.shape)}, row-major), in ${source.range[0]}..${source.range[1]}. */\n  readonly ${prop}: Float32Array;`);
      }
    }
  }
  out.push(`/** One batch of every data field. */\nexport interface ${names.batch} {\n${batchMembers.join('\n')}\n}`);
  out.push(`/** What \`trainStep\` trains on: one batch for every step execution of the iteration, or a function giving a fresh batch to each step execution that reads data. */\nexport type ${names.batchFeed} = ${names.batch} | (() => ${names.batch});`);
  out.push(`/** Training data: every field's examples, one after another (the same count in each field of a data source). */\nexport interface ${names.data} {\n${dataMembers.join('\n')}\n}`);
  out.push(`/** Options of \`train\`. */
export interface ${names.trainOptions} {
  readonly data: ${names.data};
  /** Iterations to run; by default, until the spec's length (${ir.train.length.kind === 'steps' ? `\`steps ${ir.train.length.iterations}\`` : `\`epochs ${ir.train.length.epochs}\``}) is reached. */
  readonly steps?: number;
  /** Called after every iteration with its number (1-based) and losses. */
  readonly onStep?: (iteration: number, losses: ${names.losses}) => void | Promise<void>;
}`);
  out.push(`/** Options of inference. */
export interface ${names.inferenceOptions} {
  /** Use the exponential moving averages of the weights where the spec keeps one (\`ema\`). */
  readonly ema?: boolean;
}`);
  if (ir.train.samples.length > 0) {
    out.push(`/** Options of \`sample\`. */
export interface ${names.sampleOptions} extends ${names.inferenceOptions} {
  /** Which \`sample\` item of the train block (0-based, in spec order). */
  readonly which?: number;${hasData && input.sampleSources.some((s) => s.size > 0) ? `\n  /** The data a sample item reads, if it reads any. */\n  readonly batch?: ${names.batch};` : ''}
}`);
  }

  // ── module-level helpers of the API ──
  const fieldCases = ir.data.map((source) => {
    const entries = source.fields.map((f) => `[${stringLiteral(f.name)}, batch.${fields.get(f.name)}]`).join(', ');
    return `    case ${source.index}:\n      return new Map<string, Tensor>([${entries}]);`;
  });
  out.push(`/** The fields of data source \`source\` in \`batch\`, by the IR's field names. */
function ${names.fieldsOf}(${hasData ? 'batch' : '_batch'}: ${names.batch}, source: number): ReadonlyMap<string, Tensor> {
  switch (source) {
${fieldCases.join('\n')}
    default:
      throw new Error(\`no data source \${source}\`);
  }
}`);
  // DataTable always: `train` loops over the tables (none without data), so their type must be a real one, not never.
  helpers.add('DataTable');
  if (hasData) helpers.add('tableOf').add('DataCursor');
  const tables = ir.data.map((source) => {
    const entries = source.fields.map((f) => `[${stringLiteral(f.name)}, data.${fields.get(f.name)}]`).join(', ');
    return `tableOf(${names.data_}[${source.index}]!, new Map<string, Float32Array | Int32Array>([${entries}]))`;
  });
  out.push(`/** \`train\`'s data as the runtime's tables, one per data source. */
function ${names.dataTables}(${hasData ? 'data' : '_data'}: ${names.data}): DataTable[] {
  return [${tables.join(', ')}];
}`);
  out.push(`function ${names.lossesOf}(values: ReadonlyMap<string, number>): ${names.losses} {
  return { ${[...losses].map(([name, prop]) => `${prop}: values.get(${stringLiteral(name)}) ?? NaN`).join(', ')} };
}`);

  // ── the class ──
  const members: string[] = [];
  const paramChecks = ir.params.map((p) => {
    const prop = params.get(p.name)!;
    // Spec text enters the message only as JSON string literals, never inside a template.
    const before = stringLiteral(`param ${p.name} is fixed at ${p.value} in this module: rebuild it with \`aeganc build --set ${p.name}=`);
    return `    if (options.${prop} !== undefined && options.${prop} !== ${names.params}.${prop}) {
      throw new Error(${before} + String(options.${prop}) + "\`");
    }`;
  });
  members.push(`  private readonly training: TrainingState;

  constructor(options: ${names.options} = {}) {
${paramChecks.join('\n')}
    // The interpreter's kernel fixes this module's ops need, for the active backend (idempotent).
    installKernelFixes(tf.getBackend(), KERNEL_FIXES);
    this.training = new TrainingState(${names.module}, options.seed ?? ${numberLiteral(ir.train.seed)}, options.batch ?? ${numberLiteral(ir.train.batch)});
  }

  /** Seeds every random draw (\`load\` restores the saved model's). */
  get seed(): number {
    return this.training.seed;
  }

  /** Examples per batch (\`load\` restores the saved model's). */
  get batch(): number {
    return this.training.batch;
  }

  /** Iterations completed. */
  get iteration(): number {
    return this.training.iteration;
  }

  /** A weight's current value, by its IR id (\`encoder/dense_1/kernel\`); owned by the model. */
  weight(id: string): Tensor {
    return this.training.weights.get(id);
  }

  /** Every weight id, in creation order. */
  weightIds(): string[] {
    return this.training.weights.ids();
  }`);

  const feedFn = hasData
    ? `    const feedFor = (): SourceFeed => {
      if (typeof batches !== 'function') return (source) => ${names.fieldsOf}(batches, source);
      let batch: ${names.batch} | undefined;
      return (source) => ${names.fieldsOf}((batch ??= batches()), source);
    };`
    : `    const feedFor = (): SourceFeed => (source) => ${names.fieldsOf}(batches as ${names.batch}, source);`;
  members.push(`  /**
   * One iteration: every step of the train block in order, each \`repeat\`
   * times, then the EMA update. Returns the reported losses.
   */
  async trainStep(${hasData ? `batches: ${names.batchFeed}` : `batches: ${names.batchFeed} = {}`}): Promise<${names.losses}> {
${feedFn}
    return ${names.lossesOf}((await this.training.runIteration(feedFor)).losses);
  }`);

  const length = ir.train.length;
  const done = length.kind === 'steps'
    ? `this.training.iteration >= ${numberLiteral(length.iterations)}`
    : `(cursors[0]?.completedEpochs ?? Infinity) >= ${numberLiteral(length.epochs)}`;
  members.push(`  /**
   * Trains on \`data\`, batches drawn in the interpreter's shuffled order,
   * for \`steps\` iterations or to the end of the spec's length. Returns the
   * last iteration's losses (undefined when none ran).
   */
  async train(options: ${names.trainOptions}): Promise<${names.losses} | undefined> {
    const tables = ${names.dataTables}(options.data);
    for (const table of tables) {
      if (table.count < this.batch) throw new Error(\`\${table.count} examples do not fill one batch of \${this.batch}\`);
    }
    const cursors = this.training.openCursors(tables);
    const feedFor = (): SourceFeed => (source) => cursors[source]!.nextBatch();
    const stop = options.steps === undefined ? undefined : this.training.iteration + options.steps;
    let last: ${names.losses} | undefined;
    while (stop === undefined ? !(${done}) : this.training.iteration < stop) {
      last = ${names.lossesOf}((await this.training.runIteration(feedFor)).losses);
      this.training.cursors = cursors.map((cursor) => cursor.state);
      await options.onStep?.(this.training.iteration, last);
    }
    return last;
  }`);
  if (!hasData) {
    // A module without data sources never constructs a cursor; keep its type out of `openCursors`' callers.
    helpers.add('DataCursor');
  }

  const role = ir.autoencoder;
  const encoder = role && input.networks.find((b) => b.network.name === role.encoder);
  const decoder = role && input.networks.find((b) => b.network.name === role.decoder);
  const hasAutoencoderApi = Boolean(role && encoder && decoder && encoder.network.inputs.length === 1 && decoder.network.inputs.length === 1);
  // Only sample and encode/decode run in inference mode; without them (a latent-only spec, say) the member would be unused.
  if (ir.train.samples.length > 0 || hasAutoencoderApi) {
    helpers.add('inferenceContext');
    members.push(`  /** An inference-mode context: moving statistics, no dropout or noise. */
  private inference(options: ${names.inferenceOptions}): ForwardContext {
    const { weights, ema, state } = this.training;
    const useEma = options.ema ?? false;
    return inferenceContext(
      (id) => (useEma && ema.has(id) ? ema.get(id) : weights.get(id)),
      (id) => state.get(id),
      this.seed,
    );
  }`);
  }

  if (ir.train.samples.length > 0) {
    helpers.add('inferenceBatches');
    const needsData = input.sampleSources.some((s) => s.size > 0);
    const feed = needsData
      ? `(source) => {
      if (!options.batch) throw new Error('this sample item reads data: pass options.batch');
      return ${names.fieldsOf}(options.batch, source);
    }`
      : `(source) => {
      throw new Error(\`sample items read no data (source \${source})\`);
    }`;
    members.push(`  /**
   * \`count\` samples of a \`sample\` item of the train block, in inference
   * mode; its latents are fixed by the seed, so every call shows the same codes.
   * The caller disposes the result.
   */
  sample(count: number, options: ${names.sampleOptions} = {}): Tensor {
    const item = ${names.samples}[options.which ?? 0];
    if (!item) throw new Error(\`no sample item \${options.which}: the spec has ${ir.train.samples.length}\`);
    const ctx = this.inference(options);
    const feed: SourceFeed = ${feed};
    return tf.tidy(() => item(ctx, inferenceBatches(feed, count, this.seed)));
  }`);
  }

  if (hasAutoencoderApi && role && encoder && decoder) {
    const code = encoder.outputProperties ? `.${encoder.outputProperties[role.codeOutput]}` : '';
    const decoded = decoder.outputProperties ? `.${decoder.outputProperties[0]}` : '';
    const codeName = encoder.network.outputs[role.codeOutput]?.name;
    members.push(`  /** The code of a batch of \`${commentText(role.data)}\`: \`${commentText(encoder.network.name)}\`'s ${codeName ? `\`${commentText(codeName)}\` output` : 'output'}, in inference mode. The caller disposes it. */
  encode(x: Tensor, options: ${names.inferenceOptions} = {}): Tensor {
    const ctx = this.inference(options);
    return tf.tidy(() => ${encoder.functionName}(ctx, 0, x)${code});
  }

  /** \`${commentText(decoder.network.name)}\` applied to a batch of codes, in inference mode. The caller disposes it. */
  decode(code: Tensor, options: ${names.inferenceOptions} = {}): Tensor {
    const ctx = this.inference(options);
    return tf.tidy(() => ${decoder.functionName}(ctx, 1, code)${decoded});
  }

  /** decode(encode(x)), shaped like \`x\` (the interpreter's reconstruction grids). The caller disposes it. */
  reconstruct(x: Tensor, options: ${names.inferenceOptions} = {}): Tensor {
    const ctx = this.inference(options);
    return tf.tidy(() => tf.reshape(${decoder.functionName}(ctx, 1, ${encoder.functionName}(ctx, 0, x)${code})${decoded}, x.shape));
  }`);
  }

  if (target === 'tfjs-node') {
    helpers.add('saveDirectory').add('loadDirectory');
    members.push(`  /**
   * Saves every weight, state tensor, optimizer slot and EMA average, and the
   * counters: to a directory (model.json + weights.bin), through a tfjs IO
   * handler, or, with no argument, as a plain artifacts object.
   */
  async save(): Promise<tf.io.ModelArtifacts>;
  async save(destination: string | tf.io.IOHandler): Promise<tf.io.SaveResult>;
  async save(destination?: string | tf.io.IOHandler): Promise<tf.io.ModelArtifacts | tf.io.SaveResult> {
    const artifacts = await toArtifacts(this.training, ${names.modelName});
    if (destination === undefined) return artifacts;
    if (typeof destination === 'string') return saveDirectory(destination, artifacts);
    if (!destination.save) throw new Error('this IO handler cannot save');
    return destination.save(artifacts);
  }

  /** Continues from what \`save\` wrote (a directory, a tfjs IO handler, or an artifacts object), with its seed and batch size. */
  async load(source: string | tf.io.IOHandler | tf.io.ModelArtifacts): Promise<void> {
    const artifacts = typeof source === 'string' ? await loadDirectory(source) : 'load' in source && typeof source.load === 'function' ? await source.load() : (source as tf.io.ModelArtifacts);
    fromArtifacts(this.training, artifacts, ${names.modelName});
  }`);
  } else {
    members.push(`  /**
   * Saves every weight, state tensor, optimizer slot and EMA average, and the
   * counters: through a tfjs IO handler (\`tf.io.browserLocalStorage\`,
   * \`tf.io.http\`, \`tf.io.withSaveHandler\`...) or, with no argument, as a plain
   * artifacts object.
   */
  async save(): Promise<tf.io.ModelArtifacts>;
  async save(destination: tf.io.IOHandler): Promise<tf.io.SaveResult>;
  async save(destination?: tf.io.IOHandler): Promise<tf.io.ModelArtifacts | tf.io.SaveResult> {
    const artifacts = await toArtifacts(this.training, ${names.modelName});
    if (destination === undefined) return artifacts;
    if (!destination.save) throw new Error('this IO handler cannot save');
    return destination.save(artifacts);
  }

  /** Continues from what \`save\` wrote (a tfjs IO handler or an artifacts object), with its seed and batch size. */
  async load(source: tf.io.IOHandler | tf.io.ModelArtifacts): Promise<void> {
    const artifacts = 'load' in source && typeof source.load === 'function' ? await source.load() : (source as tf.io.ModelArtifacts);
    fromArtifacts(this.training, artifacts, ${names.modelName});
  }`);
  }

  members.push(`  /** Frees every tensor the model holds. */
  dispose(): void {
    this.training.dispose();
  }`);

  out.push(`/** A model of \`${commentText(ir.name)}\`: its weights, optimizer states, EMA averages and counters. */
export class ${names.modelClass} {
${members.join('\n\n')}
}`);
  out.push(`/** A freshly initialised model: the same initial weights as \`aeganc train\` for the same seed. */
export function createModel(options: ${names.options} = {}): ${names.modelClass} {
  return new ${names.modelClass}(options);
}`);

  return { text: out.join('\n\n'), helpers, properties: { fields, losses, params } };
}
