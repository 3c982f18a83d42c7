import { tf, type Tensor } from '../tf.js';
import type { PoolNodeAttrs } from '../../ir/types.js';

/**
 * Nearest-neighbour upsampling of every spatial axis by `factor`, without
 * resizeNearestNeighbor (whose gradient kernel some backends lack). For NHWC:
 *   reshape(x, [B, H, 1, W, 1, C]) → mul(·, ones([1, 1, f, 1, f, 1])) → reshape([B, H·f, W·f, C])
 */
export function applyUpsample(x: Tensor, factor: number): Tensor {
  const [batch, ...rest] = x.shape;
  const spatial = rest.slice(0, -1);
  const channels = rest[rest.length - 1]!;
  const spread = [batch!, ...spatial.flatMap((d) => [d, 1]), channels];
  const ones = tf.ones([1, ...spatial.flatMap(() => [1, factor]), 1]);
  const tiled = tf.mul(tf.reshape(x, spread), ones);
  return tf.reshape(tiled, [batch!, ...spatial.map((d) => d * factor), channels]);
}

// Pool size = stride = `size`, as Keras's MaxPooling2D(size). The padding is
// the IR node's (always `valid`: src/ir/types.ts, PoolNodeAttrs), not re-derived here.

export function applyMaxpool(x: Tensor, size: number, padding: PoolNodeAttrs['padding']): Tensor {
  return tf.maxPool(x as tf.Tensor4D, size, size, padding);
}

export function applyAvgpool(x: Tensor, size: number, padding: PoolNodeAttrs['padding']): Tensor {
  return tf.avgPool(x as tf.Tensor4D, size, size, padding);
}
