// Emitted into generated modules that use these layers (see ../runtimeSource.ts):
// the parts of src/numerics/network.ts's `applyLayer` that are more than one
// call, so that a generated network reads as one line per layer.

import type { Tensor } from '../../numerics/tf.js';
import type { ForwardContext } from '../../numerics/context.js';
import { batchnormInference, batchnormTrain, movingAverage } from '../../numerics/layers/normalization.js';

/** The IR's batchnorm attributes: weight and state ids, momentum, epsilon. */
export interface BatchnormIds {
  readonly gamma: string;
  readonly beta: string;
  readonly movingMean: string;
  readonly movingVariance: string;
  readonly momentum: number;
  readonly epsilon: number;
}

/**
 * batchnorm: batch statistics in training mode (and the moving statistics
 * updated), the moving statistics in inference, as network.ts's `batchnorm` case.
 */
export function applyBatchnorm(ctx: ForwardContext, x: Tensor, ids: BatchnormIds): Tensor {
  const { gamma, beta, movingMean, movingVariance, momentum, epsilon } = ids;
  if (!ctx.training) {
    return batchnormInference(x, ctx.weight(gamma), ctx.weight(beta), ctx.readState(movingMean), ctx.readState(movingVariance), epsilon);
  }
  const result = batchnormTrain(x, ctx.weight(gamma), ctx.weight(beta), epsilon);
  ctx.writeState(movingMean, movingAverage(ctx.readState(movingMean), result.mean, momentum));
  ctx.writeState(movingVariance, movingAverage(ctx.readState(movingVariance), result.variance, momentum));
  return result.y;
}
