// Many samples of a `sample` expression for measuring a generator: drawn a
// batch at a time in inference mode with latents from their own seed stream
// (not the grid's, so the measured samples are not the few shown), data read
// in stored order, and the class each sample was conditioned on recorded.

import { tf, type Tensor } from '../tf.js';
import type { InferenceModel } from '../inference.js';
import { displayRange } from '../inference.js';
import { evaluateNodes, type BatchSource } from '../expressions/evaluate.js';
import { drawLatent } from '../latents.js';
import { gatherBatch } from '../dataCursor.js';
import { mixSeed, SeedStream } from '../../ir/seeds.js';
import { imageShape } from '../../ir/imageShape.js';

/** Below the sample grid's stream, above every step execution's (docs/ir.md: seeds). */
const EVALUATION_STREAM = SeedStream.sampleGrid - 1;

export interface DrawnSamples {
  /** count × H × W × C pixels mapped from the data's range to 0..1 and clipped. */
  readonly images: Float32Array;
  readonly count: number;
  readonly shape: readonly [number, number, number];
  /** The class each sample was conditioned on, when exactly one class-valued input (latent or label) fed it. */
  readonly conditions?: Int32Array;
  /** The name of that input. */
  readonly conditionedOn?: string;
}

/** Labels of a class draw: the values themselves, or the argmax of a one-hot draw. */
function labelsOf(value: Tensor): Int32Array {
  return tf.tidy(() => (value.rank === 1 ? tf.cast(value, 'int32') : tf.argMax(value, -1))).dataSync() as Int32Array;
}

/** Undefined when the sampled value is not an image. */
export async function drawSamples(model: InferenceModel, node: number, count: number, batch = 250): Promise<DrawnSamples | undefined> {
  const irNode = model.ir.nodes[node]!;
  const shape = irNode.type.kind === 'tensor' ? imageShape(irNode.type.shape) : undefined;
  if (!shape) return undefined;
  const [low, high] = displayRange(model.ir);
  const size = shape[0] * shape[1] * shape[2];
  const images = new Float32Array(count * size);
  const conditionDraws = new Map<string, Int32Array>();
  const seed = model.ir.train.seed;
  for (let start = 0, call = 0; start < count; start += batch, call++) {
    const n = Math.min(batch, count - start);
    const classDraws = new Map<string, Int32Array>();
    const batches: BatchSource = {
      data(source, field) {
        const table = model.data[source]!;
        const indices = Int32Array.from({ length: n }, (_, i) => (start + i) % table.count);
        const value = gatherBatch(model.ir.data[source]!, table, indices).get(field)!;
        const declared = model.ir.data[source]!.fields.find((f) => f.name === field);
        if (declared?.type.kind === 'class') classDraws.set(field, labelsOf(value));
        return value;
      },
      latent(latent) {
        const value = drawLatent(latent, n, mixSeed(seed, EVALUATION_STREAM, latent.slot, call));
        if (latent.distribution.kind === 'categorical') classDraws.set(latent.name, labelsOf(value));
        return value;
      },
    };
    const context = {
      training: false,
      weight: (id: string) => model.weight(id),
      readState: (id: string) => model.state(id),
      writeState: () => undefined,
      // Inference mode draws nothing inside networks; a seed is still owed.
      seed: (slot: number, c: number) => mixSeed(seed, EVALUATION_STREAM, slot, c),
    };
    const output = tf.tidy(() => {
      const value = evaluateNodes(model.ir, [node], context, batches).get(node)!;
      return tf.clipByValue(tf.div(tf.sub(value, low), high - low), 0, 1);
    });
    images.set((await output.data()) as Float32Array, start * size);
    output.dispose();
    for (const [name, labels] of classDraws) {
      const all = conditionDraws.get(name) ?? new Int32Array(count);
      all.set(labels, start);
      conditionDraws.set(name, all);
    }
  }
  const [only] = conditionDraws.size === 1 ? [...conditionDraws] : [];
  return { images, count, shape, ...(only ? { conditionedOn: only[0], conditions: only[1] } : {}) };
}
