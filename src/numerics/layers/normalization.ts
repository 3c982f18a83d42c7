import { tf, type Tensor } from '../tf.js';
import type { ForwardContext } from '../context.js';

/** Every axis but the last: batchnorm's statistics are per channel (NHWC). */
function allButLast(x: Tensor): number[] {
  return Array.from({ length: x.rank - 1 }, (_, i) => i);
}

/**
 * Normalises with the given statistics, then scales and shifts.
 * Ops: add(mul(mul(sub(x, mean), rsqrt(add(variance, epsilon))), gamma), beta).
 */
export function normalize(x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
}

/**
 * Batch statistics over every axis but the last, the biased variance (as
 * Keras, unlike PyTorch's running variance). Ops:
 *   mean = mean(x, axes);  variance = mean(square(sub(x, mean)), axes)
 */
export function batchMoments(x: Tensor, axes: number[] = allButLast(x)): { mean: Tensor; variance: Tensor } {
  const mean = tf.mean(x, axes, true);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), axes, true);
  return { mean, variance };
}

/** batchnorm in training mode: normalise with the batch's own statistics. */
export function batchnormTrain(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  epsilon: number,
): { y: Tensor; mean: Tensor; variance: Tensor } {
  const { mean, variance } = batchMoments(x);
  const y = normalize(x, mean, variance, gamma, beta, epsilon);
  // The statistics come back per channel, shaped like the moving statistics.
  const channels = [x.shape[x.rank - 1]!];
  return { y, mean: tf.reshape(mean, channels), variance: tf.reshape(variance, channels) };
}

/** batchnorm in inference mode: normalise with the moving statistics. */
export function batchnormInference(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  movingMean: Tensor,
  movingVariance: Tensor,
  epsilon: number,
): Tensor {
  return normalize(x, movingMean, movingVariance, gamma, beta, epsilon);
}

/**
 * The moving statistics' update after a training-mode application (Keras's
 * convention: `momentum` is the weight of the old value).
 * Ops: add(mul(moving, momentum), mul(observed, 1 - momentum)).
 */
export function movingAverage(moving: Tensor, observed: Tensor, momentum: number): Tensor {
  return tf.add(tf.mul(moving, momentum), tf.mul(observed, 1 - momentum));
}

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
 * batchnorm as a layer: batch statistics in training mode (and the moving
 * statistics updated), the moving statistics in inference. The interpreter
 * and generated modules both call this one function.
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

/**
 * layernorm over the trailing axes that `gamma` covers (Keras's default, the
 * last axis, when gamma is [C]); the same in training and inference.
 */
export function applyLayernorm(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  const axes = Array.from({ length: gamma.rank }, (_, i) => x.rank - gamma.rank + i);
  const { mean, variance } = batchMoments(x, axes);
  return normalize(x, mean, variance, gamma, beta, epsilon);
}

/**
 * instancenorm: each example's channels normalised over its own height and
 * width (NHWC axes 1, 2) with the biased variance, as torch's InstanceNorm2d
 * without running statistics: the same in training and inference. Then
 * scaled and shifted by gamma, beta when the layer is affine.
 */
export function applyInstancenorm(x: Tensor, gamma: Tensor | undefined, beta: Tensor | undefined, epsilon: number): Tensor {
  const { mean, variance } = batchMoments(x, [1, 2]);
  const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  return gamma && beta ? tf.add(tf.mul(normalized, gamma), beta) : normalized;
}
