// `save` and `load` of a generated model: through tfjs IO handlers or as a
// plain artifacts object on every target, and to or from a directory
// (model.json + weights.bin) on tfjs-node.

import type { ApiContext } from './apiContext.js';

export function persistenceMembers(ctx: ApiContext): string {
  return ctx.target === 'tfjs-node' ? nodePersistence(ctx) : browserPersistence(ctx);
}

function nodePersistence({ names, helpers }: ApiContext): string {
  helpers.add('saveDirectory').add('loadDirectory');
  return `  /**
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
  }`;
}

function browserPersistence({ names }: ApiContext): string {
  return `  /**
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
  }`;
}
