// Every declared loss on held-out data, in inference mode: what `eval every N`
// logs while training and what `aeganc eval` reports beside its metrics.
// Portable (tfjs only), like the rest of src/numerics.

import { tf, type Tensor } from './tf.js';
import type { IrModule } from '../ir/types.js';
import type { DataTable } from './dataTable.js';
import type { ForwardContext } from './context.js';
import type { BatchSource } from './expressions/evaluate.js';
import { evaluateNodes } from './expressions/evaluate.js';
import { gatherBatch } from './dataCursor.js';
import { drawLatent } from './latents.js';
import { mixSeed } from '../ir/seeds.js';

/**
 * mixSeed's stream for held-out draws: just below SeedStream.sampleGrid, which
 * no step execution reaches either. Kept here, not in seeds.ts, which every
 * generated module copies and which needs no stream it does not draw from.
 */
export const HELD_OUT_STREAM = 0xfffffffe;

/** Weights and state to evaluate with (the trained ones, or their EMA). */
export interface EvaluationWeights {
  weight(id: string): Tensor;
  state(id: string): Tensor;
}

export interface HeldOutLosses {
  /** Examples evaluated: the smallest held-out table's count (sources are read side by side). */
  readonly examples: number;
  /** Every declared loss, the size-weighted mean of its batch values. */
  readonly losses: Map<string, number>;
}

/**
 * The seed of each random draw while evaluating batch `batch`: fixed for the
 * run (docs/reference.md), so two evaluations differ only by the weights.
 */
export function heldOutSeed(seed: number, batch: number, slot: number, call: number): number {
  return mixSeed(mixSeed(seed, HELD_OUT_STREAM, batch, 0), slot, call, 0);
}

/** Inference mode over `weights`: moving statistics, no dropout or noise layers, no state written. */
export function heldOutContext(ir: IrModule, weights: EvaluationWeights, batch: number): ForwardContext {
  const seed = ir.train.seed;
  return {
    training: false,
    weight: (id) => weights.weight(id),
    readState: (id) => weights.state(id),
    writeState: () => undefined,
    seed: (slot, call) => heldOutSeed(seed, batch, slot, call),
  };
}

/** Examples `start..end` of every held-out table, and latents drawn for them. */
export function heldOutBatches(ir: IrModule, tables: readonly DataTable[], start: number, end: number, batch: number): BatchSource {
  const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
  const drawn = new Map<number, ReadonlyMap<string, Tensor>>();
  const latents = new Map<string, Tensor>();
  return {
    data(source, field) {
      let fields = drawn.get(source);
      if (!fields) {
        fields = gatherBatch(ir.data[source]!, tables[source]!, indices);
        drawn.set(source, fields);
      }
      const tensor = fields.get(field);
      if (!tensor) throw new Error(`no held-out batch for data field \`${field}\``);
      return tensor;
    },
    latent(latent) {
      let value = latents.get(latent.name);
      if (!value) {
        value = drawLatent(latent, end - start, heldOutSeed(ir.train.seed, batch, latent.slot, 0));
        latents.set(latent.name, value);
      }
      return value;
    },
  };
}

/**
 * Every declared loss over all of `tables` (`tables[i]` holds out
 * `ir.data[i]`), `batchSize` examples at a time, the last batch partial.
 * Each loss is a batch mean, so weighting by batch size gives the mean over
 * the held-out examples; one read-back per batch bounds memory.
 */
export async function heldOutLosses(ir: IrModule, weights: EvaluationWeights, tables: readonly DataTable[], batchSize: number): Promise<HeldOutLosses> {
  const examples = tables.length > 0 ? Math.min(...tables.map((t) => t.count)) : 0;
  const sums = new Map<string, number>(ir.losses.map((l) => [l.name, 0]));
  const nodes = ir.losses.map((l) => l.node);
  if (nodes.length === 0) return { examples, losses: new Map() };
  for (let start = 0, b = 0; start < examples; start += batchSize, b++) {
    const end = Math.min(examples, start + batchSize);
    const values = tf.tidy(() => {
      const computed = evaluateNodes(ir, nodes, heldOutContext(ir, weights, b), heldOutBatches(ir, tables, start, end, b));
      return tf.stack(nodes.map((n) => tf.cast(tf.reshape(computed.get(n)!, []), 'float32')));
    });
    const numbers = await values.data();
    values.dispose();
    ir.losses.forEach((loss, i) => sums.set(loss.name, sums.get(loss.name)! + numbers[i]! * (end - start)));
  }
  const losses = new Map([...sums].map(([name, sum]) => [name, examples > 0 ? sum / examples : NaN]));
  return { examples, losses };
}
