// Emitted verbatim into every generated module (see ../runtimeSource.ts):
// `save` and `load` as TensorFlow.js model artifacts, so any tfjs IO handler
// (browser storage, HTTP, files, memory) can carry them. Tensor names follow
// the interpreter's checkpoints (src/host/checkpoint.ts): `weight:`,
// `state:`, `slot:` and `ema:` before each id; the counters travel in
// `userDefinedMetadata`, so a loaded model continues exactly.

import { tf } from '../../numerics/tf.js';
import type { TensorStore } from '../../numerics/tensorStore.js';
import type { Counters, TrainingState } from '../../numerics/trainingState.js';

/** `ModelArtifacts.format` of generated modules' saves. */
export const ARTIFACTS_FORMAT = 'aeganc-model';

interface SavedMetadata {
  readonly model: string;
  readonly seed: number;
  readonly batch: number;
  readonly counters: Counters;
}

/** Every tensor of `training` under its saved name (`weight:encoder/dense_1/kernel`): [prefix, id, the store holding it]. */
function savedTensors(training: TrainingState): (readonly [string, string, TensorStore])[] {
  const stores = { weight: training.weights, state: training.state, slot: training.slots, ema: training.ema };
  return Object.entries(stores).flatMap(([prefix, store]) => store.ids().map((id) => [prefix, id, store] as const));
}

/** Every tensor and counter of `training` as model artifacts. */
export async function toArtifacts(training: TrainingState, model: string): Promise<tf.io.ModelArtifacts> {
  const named: tf.NamedTensorMap = {};
  for (const [prefix, id, store] of savedTensors(training)) named[`${prefix}:${id}`] = store.get(id);
  const { data, specs } = await tf.io.encodeWeights(named);
  const metadata: SavedMetadata = { model, seed: training.seed, batch: training.batch, counters: training.counters };
  return {
    modelTopology: { model },
    format: ARTIFACTS_FORMAT,
    generatedBy: 'aeganc',
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: { aeganc: metadata },
  };
}

/**
 * Puts saved tensors, counters, seed and batch size into `training`. Throws, changing nothing,
 * when the artifacts come from another model or lack a tensor.
 */
export function fromArtifacts(training: TrainingState, artifacts: tf.io.ModelArtifacts, model: string): void {
  const metadata = (artifacts.userDefinedMetadata as { aeganc?: SavedMetadata } | undefined)?.aeganc;
  if (artifacts.format !== ARTIFACTS_FORMAT || !metadata || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error('not a model saved by an aeganc-generated module');
  }
  if (metadata.model !== model) throw new Error(`saved from model \`${metadata.model}\`, not \`${model}\``);
  const saved = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const tensors = savedTensors(training);
  const problems: string[] = [];
  for (const [prefix, id, store] of tensors) {
    const tensor = saved[`${prefix}:${id}`];
    const expected = store.get(id).shape;
    if (!tensor) problems.push(`no ${prefix} \`${id}\``);
    else if (tensor.shape.join(',') !== expected.join(',')) problems.push(`${prefix} \`${id}\` is [${tensor.shape}], expected [${expected}]`);
  }
  if (problems.length > 0) {
    tf.dispose(Object.values(saved));
    throw new Error(`the saved model does not fit: ${problems.join('; ')}`);
  }
  for (const [prefix, id, store] of tensors) {
    store.set(id, saved[`${prefix}:${id}`]!);
    delete saved[`${prefix}:${id}`];
  }
  tf.dispose(Object.values(saved));
  training.seed = metadata.seed;
  training.batch = metadata.batch;
  training.restoreCounters(metadata.counters);
}
