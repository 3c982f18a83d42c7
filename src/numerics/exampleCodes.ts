// Per-example results of a trained autoencoder, in inference mode and in
// batches (so memory stays bounded on any split): its code (`aeganc encode`)
// and its reconstruction error (`aeganc score`). The encoder's code is the
// output the decoder reads (a VAE's `mu`, so no sampling noise enters).

import { tf, type Tensor } from './tf.js';
import type { DataSource, Network } from '../ir/types.js';
import type { DataTable } from './dataTable.js';
import { gatherBatch } from './dataCursor.js';
import { applyNetwork } from './network.js';
import { modelInferenceContext, type AutoencoderParts, type InferenceModel } from './inference.js';

/** Examples per forward pass: large enough to be quick, small enough for any image size here. */
export const EXAMPLE_BATCH = 256;

/** Runs `each` on the batches of `table`, in stored order, each batch's tensors freed after it. */
async function forEachBatch(
  parts: AutoencoderParts,
  table: DataTable,
  each: (x: Tensor) => Tensor,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < table.count; start += EXAMPLE_BATCH) {
    const indices = Int32Array.from({ length: Math.min(EXAMPLE_BATCH, table.count - start) }, (_, i) => start + i);
    const result = tf.tidy(() => each(gatherBatch(parts.source, table, indices).get(parts.role.data)!));
    out.push((await result.data()) as Float32Array);
    result.dispose();
  }
  return out;
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
  const batches = await forEachBatch(parts, table, (x) => {
    const code = applyNetwork(parts.encoder, [x], ctx, 0)[parts.role.codeOutput]!;
    return tf.reshape(code, [code.shape[0]!, -1]);
  });
  const codes = concatenate(batches);
  return { codes, size: table.count === 0 ? 0 : codes.length / table.count };
}

/** Each example's mean squared reconstruction error, in the data's declared range. */
export async function reconstructionErrors(model: InferenceModel, parts: AutoencoderParts, table: DataTable): Promise<Float32Array> {
  const ctx = modelInferenceContext(model);
  const batches = await forEachBatch(parts, table, (x) => {
    const code = applyNetwork(parts.encoder, [x], ctx, 0)[parts.role.codeOutput]!;
    const y = tf.reshape(applyNetwork(parts.decoder, [code], ctx, 1)[0]!, x.shape);
    return tf.mean(tf.reshape(tf.squaredDifference(x, y), [x.shape[0]!, -1]), 1);
  });
  return concatenate(batches);
}

/** Each example's critic output (a GAN's discriminator read as a realness score), one number per example. */
export async function criticScores(model: InferenceModel, critic: Network, source: DataSource, field: string, table: DataTable): Promise<Float32Array> {
  const ctx = modelInferenceContext(model);
  const parts = { role: { data: field, encoder: critic.name, decoder: critic.name, codeOutput: 0 }, source, encoder: critic, decoder: critic };
  const batches = await forEachBatch(parts, table, (x) => tf.reshape(applyNetwork(critic, [x], ctx, 0)[0]!, [-1]));
  return concatenate(batches);
}
