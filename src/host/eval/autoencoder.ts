// Autoencoders: held-out reconstruction error per pixel (docs/reference.md).

import { tf } from '../../numerics/tf.js';
import type { IrModule } from '../../ir/types.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { forEachReconstruction } from '../../numerics/exampleCodes.js';
import { heldOutContext, type EvaluationWeights } from '../../numerics/heldOutLosses.js';
import type { AutoencoderParts } from '../../numerics/inference.js';
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
  const sums = await forEachReconstruction(parts, table, batch, (b) => heldOutContext(ir, weights, b), (x, y) => {
    const target = toUnit(x, parts.source.range);
    const p = toUnit(y, parts.source.range);
    return tf.stack([tf.sum(tf.squaredDifference(target, p)), tf.sum(bceElements(target, p))]);
  });
  let squared = 0;
  let crossEntropy = 0;
  for (const [s, c] of sums) {
    squared += s!;
    crossEntropy += c!;
  }
  const pixels = table.count * parts.field.type.shape.reduce((a, n) => a * n, 1);
  return { mse: squared / pixels, bce: crossEntropy / pixels };
}
