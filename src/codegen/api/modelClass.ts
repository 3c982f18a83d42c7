// The model class of a generated module and `createModel`: training
// (`trainStep`, `train`), inference (`sample`, and `encode`/`decode`/
// `reconstruct` for an autoencoder), persistence (./persistence.ts) and
// `dispose`. The class delegates the numerics to the copied TrainingState
// and network functions.

import { commentText, numberLiteral, stringLiteral } from '../identifiers.js';
import type { ApiContext } from './apiContext.js';
import { autoencoderApi, autoencoderMembers } from './autoencoderMembers.js';
import { persistenceMembers } from './persistence.js';

export function emitModelClass(ctx: ApiContext): string[] {
  const { ir, names, hasData, helpers } = ctx;
  const members = [stateMembers(ctx), trainStepMember(ctx), trainMember(ctx)];
  if (!hasData) {
    // A module without data sources never constructs a cursor; keep its type out of `openCursors`' callers.
    helpers.add('DataCursor');
  }
  const autoencoder = autoencoderApi(ctx);
  // Only sample and encode/decode run in inference mode; without them (a latent-only spec, say) the member would be unused.
  if (ir.train.samples.length > 0 || autoencoder) members.push(inferenceMember(ctx));
  if (ir.train.samples.length > 0) members.push(sampleMember(ctx));
  if (autoencoder) members.push(autoencoderMembers(ctx, autoencoder));
  members.push(persistenceMembers(ctx));
  members.push(`  /** Frees every tensor the model holds. */
  dispose(): void {
    this.training.dispose();
  }`);
  return [
    `/** A model of \`${commentText(ir.name)}\`: its weights, optimizer states, EMA averages and counters. */
export class ${names.modelClass} {
${members.join('\n\n')}
}`,
    `/** A freshly initialised model: the same initial weights as \`aeganc train\` for the same seed. */
export function createModel(options: ${names.options} = {}): ${names.modelClass} {
  return new ${names.modelClass}(options);
}`,
  ];
}

/** The training state, the constructor (params checked, kernel fixes installed) and the read-only accessors. */
function stateMembers({ ir, names, properties }: ApiContext): string {
  const paramChecks = ir.params.map((p) => {
    const prop = properties.params.get(p.name)!;
    // Spec text enters the message only as JSON string literals, never inside a template.
    const before = stringLiteral(`param ${p.name} is fixed at ${p.value} in this module: rebuild it with \`aeganc build --set ${p.name}=`);
    return `    if (options.${prop} !== undefined && options.${prop} !== ${names.params}.${prop}) {
      throw new Error(${before} + String(options.${prop}) + "\`");
    }`;
  });
  return `  private readonly training: TrainingState;

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
  }`;
}

function trainStepMember({ names, hasData }: ApiContext): string {
  const feedFn = hasData
    ? `    const feedFor = (): SourceFeed => {
      if (typeof batches !== 'function') return (source) => ${names.fieldsOf}(batches, source);
      let batch: ${names.batch} | undefined;
      return (source) => ${names.fieldsOf}((batch ??= batches()), source);
    };`
    : `    const feedFor = (): SourceFeed => (source) => ${names.fieldsOf}(batches as ${names.batch}, source);`;
  return `  /**
   * One iteration: every step of the train block in order, each \`repeat\`
   * times, then the EMA update. Returns the reported losses.
   */
  async trainStep(${hasData ? `batches: ${names.batchFeed}` : `batches: ${names.batchFeed} = {}`}): Promise<${names.losses}> {
${feedFn}
    return ${names.lossesOf}(this.training.startIteration(feedFor));
  }`;
}

function trainMember({ ir, names }: ApiContext): string {
  const length = ir.train.length;
  const done = length.kind === 'steps'
    ? `this.training.iteration >= ${numberLiteral(length.iterations)}`
    : `(cursors[0]?.completedEpochs ?? Infinity) >= ${numberLiteral(length.epochs)}`;
  return `  /**
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
      last = await ${names.lossesOf}(this.training.startIteration(feedFor));
      this.training.cursors = cursors.map((cursor) => cursor.state);
      await options.onStep?.(this.training.iteration, last);
    }
    return last;
  }`;
}

function inferenceMember({ names, helpers }: ApiContext): string {
  helpers.add('inferenceContext');
  return `  /** An inference-mode context: moving statistics, no dropout or noise. */
  private inference(options: ${names.inferenceOptions}): ForwardContext {
    const { weights, ema, state } = this.training;
    const useEma = options.ema ?? false;
    return inferenceContext(
      (id) => (useEma && ema.has(id) ? ema.get(id) : weights.get(id)),
      (id) => state.get(id),
      this.seed,
    );
  }`;
}

function sampleMember({ ir, names, helpers, sampleSources }: ApiContext): string {
  helpers.add('inferenceBatches');
  const needsData = sampleSources.some((s) => s.size > 0);
  const feed = needsData
    ? `(source) => {
      if (!options.batch) throw new Error('this sample item reads data: pass options.batch');
      return ${names.fieldsOf}(options.batch, source);
    }`
    : `(source) => {
      throw new Error(\`sample items read no data (source \${source})\`);
    }`;
  return `  /**
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
  }`;
}
