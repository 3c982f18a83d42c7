// Per-example results of a trained autoencoder, in inference mode and in
// batches (so memory stays bounded on any split): its code (`aeganc encode`)
// and its reconstruction error (`aeganc score`; `aeganc eval` reduces the
// same reconstructions per pixel). The encoder's code is the
// output the decoder reads (a VAE's `mu`, so no sampling noise enters).

import { tf, type Tensor } from './tf.js';
import type { DataSource, Network } from '../ir/types.js';
import type { DataTable } from './dataTable.js';
import { gatherBatch } from './dataCursor.js';
import { applyNetwork } from './network.js';
import type { ForwardContext } from './context.js';
import { modelInferenceContext, type AutoencoderParts, type InferenceModel } from './inference.js';

/** Examples per forward pass: large enough to be quick, small enough for any image size here. */
export const EXAMPLE_BATCH = 256;

/** Runs `each` on `field` of the batches of `table` (`size` examples each, stored order), each batch's tensors freed after it. */
async function forEachBatch(
  source: DataSource,
  field: string,
  table: DataTable,
  size: number,
  each: (x: Tensor, batch: number) => Tensor,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0, b = 0; start < table.count; start += size, b++) {
    const indices = Int32Array.from({ length: Math.min(size, table.count - start) }, (_, i) => start + i);
    const result = tf.tidy(() => each(gatherBatch(source, table, indices).get(field)!, b));
    out.push((await result.data()) as Float32Array);
    result.dispose();
  }
  return out;
}

/**
 * decoder(encoder(x)) (a VAE's decoder(mu)) against x for every batch of
 * `table`, `size` examples at a time in the context `contextOf` gives each
 * batch; `compare(x, y)` reduces a batch to what the caller keeps. The one
 * reconstruction that `score` (per example) and `eval` (per pixel) share.
 */
export function forEachReconstruction(
  parts: AutoencoderParts,
  table: DataTable,
  size: number,
  contextOf: (batch: number) => ForwardContext,
  compare: (x: Tensor, y: Tensor) => Tensor,
): Promise<Float32Array[]> {
  return forEachBatch(parts.source, parts.field.name, table, size, (x, b) => {
    const ctx = contextOf(b);
    const code = applyNetwork(parts.encoder, [x], ctx, 0)[parts.role.codeOutput]!;
    const y = tf.reshape(applyNetwork(parts.decoder, [code], ctx, 1)[0]!, x.shape);
    return compare(x, y);
  });
}

function concatenate(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The code of every example of `table`: count × size values, example after example. */
export async function exampleCodes(model: InferenceModel, parts: AutoencoderParts, table: DataTable): Promise<{ codes: Float32Array; size: number }> {
  const ctx = modelInferenceContext(model);
  const batches = await forEachBatch(parts.source, parts.field.name, table, EXAMPLE_BATCH, (x) => {
    const code = applyNetwork(parts.encoder, [x], ctx, 0)[parts.role.codeOutput]!;
    return tf.reshape(code, [code.shape[0]!, -1]);
  });
  const codes = concatenate(batches);
  return { codes, size: table.count === 0 ? 0 : codes.length / table.count };
}

/** Each example's mean squared reconstruction error, in the data's declared range. */
export async function reconstructionErrors(model: InferenceModel, parts: AutoencoderParts, table: DataTable): Promise<Float32Array> {
  const ctx = modelInferenceContext(model);
  const batches = await forEachReconstruction(parts, table, EXAMPLE_BATCH, () => ctx, (x, y) =>
    tf.mean(tf.reshape(tf.squaredDifference(x, y), [x.shape[0]!, -1]), 1),
  );
  return concatenate(batches);
}

/** Each example's critic output (a GAN's discriminator read as a realness score), one number per example. */
export async function criticScores(model: InferenceModel, critic: Network, source: DataSource, field: string, table: DataTable): Promise<Float32Array> {
  const ctx = modelInferenceContext(model);
  const batches = await forEachBatch(source, field, table, EXAMPLE_BATCH, (x) => tf.reshape(applyNetwork(critic, [x], ctx, 0)[0]!, [-1]));
  return concatenate(batches);
}
