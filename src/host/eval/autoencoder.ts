// Autoencoders: held-out reconstruction error per pixel (docs/reference.md).

import { tf } from '../../numerics/tf.js';
import type { IrModule } from '../../ir/types.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { applyNetwork } from '../../numerics/network.js';
import { gatherBatch } from '../../numerics/dataCursor.js';
import { heldOutContext, type EvaluationWeights } from '../../numerics/heldOutLosses.js';
import type { AutoencoderParts } from './modelKind.js';
import { bceElements, toUnit } from './pixels.js';

export interface ReconstructionMetrics {
  /** Mean squared error per pixel, pixels in 0..1. */
  readonly mse: number;
  /** Binary cross-entropy per pixel, pixels in 0..1. */
  readonly bce: number;
}

/** decoder(encoder(x)) (a VAE's decoder(mu)) against x over the held-out table, `batch` examples at a time. */
export async function reconstructionMetrics(
  ir: IrModule,
  parts: AutoencoderParts,
  weights: EvaluationWeights,
  table: DataTable,
  batch: number,
): Promise<ReconstructionMetrics> {
  let squared = 0;
  let crossEntropy = 0;
  let pixels = 0;
  for (let start = 0, b = 0; start < table.count; start += batch, b++) {
    const end = Math.min(table.count, start + batch);
    const sums = tf.tidy(() => {
      const ctx = heldOutContext(ir, weights, b);
      const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
      const x = gatherBatch(parts.source, table, indices).get(parts.field.name)!;
      const code = applyNetwork(parts.encoder, [x], ctx, 0)[parts.codeOutput]!;
      const y = tf.reshape(applyNetwork(parts.decoder, [code], ctx, 1)[0]!, x.shape);
      const target = toUnit(x, parts.source.range);
      const p = toUnit(y, parts.source.range);
      return tf.stack([tf.sum(tf.squaredDifference(target, p)), tf.sum(bceElements(target, p))]);
    });
    const [s, c] = await sums.data();
    sums.dispose();
    squared += s!;
    crossEntropy += c!;
    pixels += (end - start) * parts.field.type.shape.reduce((a, n) => a * n, 1);
  }
  return { mse: squared / pixels, bce: crossEntropy / pixels };
}
