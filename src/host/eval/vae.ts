// VAEs: the held-out −ELBO in nats per example (summed BCE over pixels plus
// the KL, as pytorch/examples `vae` reports its test loss) and the
// importance-sampled log-likelihood with K samples from q(z|x) (as pythae's
// `IS` metric, K = 200 by default). docs/reference.md states the formulas.

import { tf, type Tensor } from '../../numerics/tf.js';
import type { IrModule } from '../../ir/types.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { applyNetwork } from '../../numerics/network.js';
import { gatherBatch } from '../../numerics/dataCursor.js';
import { heldOutContext, heldOutSeed, type EvaluationWeights } from '../../numerics/heldOutLosses.js';
import type { AutoencoderParts } from '../../numerics/inference.js';
import { bceElements, sumPerExample, toUnit } from './pixels.js';

export const DEFAULT_IMPORTANCE_SAMPLES = 200;
/** Decoder rows (examples × samples) evaluated at once: bounds memory whatever K and the data. */
export const MAX_DECODER_ROWS = 4096;
/** Random slots above every slot a module uses (seeds for eval's own draws). */
const ELBO_SLOT = 0x40000000;
const IS_SLOT = 0x40000001;

export interface VaeMetrics {
  /** −ELBO = recon + kl, nats per example. */
  readonly neg_elbo: number;
  /** Σ over pixels of BCE(x, decoder(z)), z ~ q(z|x) once, per example. */
  readonly recon: number;
  /** KL(q(z|x) ‖ N(0, I)) per example. */
  readonly kl: number;
  /** −log p(x) estimated with `k` importance samples, nats per example. */
  readonly nll_is: number;
  readonly k: number;
}

export interface VaeParts extends AutoencoderParts {
  readonly mu: number;
  readonly logvar: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export async function vaeMetrics(ir: IrModule, parts: VaeParts, weights: EvaluationWeights, table: DataTable, batch: number, k: number): Promise<VaeMetrics> {
  const examples = Math.min(batch, MAX_DECODER_ROWS);
  const chunk = Math.max(1, Math.min(k, Math.floor(MAX_DECODER_ROWS / examples)));
  let recon = 0;
  let kl = 0;
  let logLikelihood = 0;
  for (let start = 0, b = 0; start < table.count; start += examples, b++) {
    const end = Math.min(table.count, start + examples);
    const n = end - start;
    const ctx = heldOutContext(ir, weights, b);
    const decode = (z: Tensor) => applyNetwork(parts.decoder, [z], ctx, 1)[0]!;
    const [x, mu, logvar] = encodeBatch(parts, ctx, table, start, n);
    const latent = mu.shape[1]!;
    const terms = elboTerms(ir, parts, decode, x, mu, logvar, b);
    const [r, d] = (await Promise.all(terms.map((t) => t.data()))) as Float32Array[];
    tf.dispose(terms);
    for (let i = 0; i < n; i++) {
      recon += r![i]!;
      kl += d![i]!;
    }
    // log w = log p(x|z) + log N(z; 0, I) − log q(z|x), for every example and sample.
    const weightsOf = new Float64Array(n * k);
    for (let first = 0, c = 0; first < k; first += chunk, c++) {
      const m = Math.min(chunk, k - first);
      const logW = tf.tidy(() => {
        const eps = tf.randomNormal([n, m, latent], 0, 1, 'float32', heldOutSeed(ir.train.seed, b, IS_SLOT, c));
        const std = tf.exp(tf.mul(logvar, 0.5));
        const z = tf.add(tf.expandDims(mu, 1), tf.mul(tf.expandDims(std, 1), eps));
        const logQ = tf.neg(tf.sum(tf.add(tf.add(tf.mul(tf.square(eps), 0.5), HALF_LOG_2PI), tf.expandDims(tf.mul(logvar, 0.5), 1)), 2));
        const logPrior = tf.neg(tf.sum(tf.add(tf.mul(tf.square(z), 0.5), HALF_LOG_2PI), 2));
        const p = toUnit(decode(tf.reshape(z, [n * m, latent])), parts.source.range);
        const targets = tf.reshape(tf.tile(tf.expandDims(tf.reshape(x, [n, -1]), 1), [1, m, 1]), [n * m, -1]);
        const logPx = tf.reshape(tf.neg(sumPerExample(bceElements(targets, tf.reshape(p, [n * m, -1])))), [n, m]);
        return tf.add(tf.sub(logPx, logQ), logPrior);
      });
      const values = await logW.data();
      logW.dispose();
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) weightsOf[i * k + first + j] = values[i * m + j]!;
    }
    for (let i = 0; i < n; i++) logLikelihood += logMeanExp(weightsOf.subarray(i * k, (i + 1) * k));
    tf.dispose([x, mu, logvar]);
  }
  const count = table.count;
  return { neg_elbo: (recon + kl) / count, recon: recon / count, kl: kl / count, nll_is: -logLikelihood / count, k };
}

/** log((1/K) Σ exp(v)), in float64 with the maximum shifted out. */
export function logMeanExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum / values.length);
}

type Decode = (z: Tensor) => Tensor;

/** Examples start..start+n: x in 0..1, and the encoder's mu and logvar. */
function encodeBatch(parts: VaeParts, ctx: ReturnType<typeof heldOutContext>, table: DataTable, start: number, n: number): [Tensor, Tensor, Tensor] {
  return tf.tidy(() => {
    const indices = Int32Array.from({ length: n }, (_, i) => start + i);
    const batchX = gatherBatch(parts.source, table, indices).get(parts.field.name)!;
    const outputs = applyNetwork(parts.encoder, [batchX], ctx, 0);
    return [toUnit(batchX, parts.source.range), outputs[parts.mu]!, outputs[parts.logvar]!] as [Tensor, Tensor, Tensor];
  });
}

/**
 * Per example of held-out batch `b`: [Σ pixels BCE(x, decoder(z)) with one
 * z ~ q(z|x), KL(q(z|x) ‖ N(0, I))], each [n]. Eval sums them; score keeps them.
 */
function elboTerms(ir: IrModule, parts: VaeParts, decode: Decode, x: Tensor, mu: Tensor, logvar: Tensor, b: number): [Tensor, Tensor] {
  return tf.tidy(() => {
    const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', heldOutSeed(ir.train.seed, b, ELBO_SLOT, 0));
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
    const p = toUnit(tf.reshape(decode(z), x.shape), parts.source.range);
    const reconstruction = sumPerExample(bceElements(x, p));
    const divergence = tf.mul(-0.5, tf.sum(tf.sub(tf.add(1, logvar), tf.add(tf.square(mu), tf.exp(logvar))), 1));
    return [reconstruction, divergence] as [Tensor, Tensor];
  });
}

/**
 * −ELBO of every example, nats (what `aeganc score` writes for a VAE): the
 * same batches of `batch` examples and the same draws as `vaeMetrics`, so
 * the scores' mean is eval's `neg_elbo` on the same data.
 */
export async function negativeElbos(ir: IrModule, parts: VaeParts, weights: EvaluationWeights, table: DataTable, batch: number): Promise<Float32Array> {
  const examples = Math.min(batch, MAX_DECODER_ROWS);
  const scores = new Float32Array(table.count);
  for (let start = 0, b = 0; start < table.count; start += examples, b++) {
    const n = Math.min(table.count, start + examples) - start;
    const ctx = heldOutContext(ir, weights, b);
    const [x, mu, logvar] = encodeBatch(parts, ctx, table, start, n);
    const terms = elboTerms(ir, parts, (z) => applyNetwork(parts.decoder, [z], ctx, 1)[0]!, x, mu, logvar, b);
    const [r, d] = (await Promise.all(terms.map((t) => t.data()))) as Float32Array[];
    tf.dispose([...terms, x, mu, logvar]);
    for (let i = 0; i < n; i++) scores[start + i] = r![i]! + d![i]!;
  }
  return scores;
}
