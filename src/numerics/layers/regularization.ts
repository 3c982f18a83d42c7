import { tf, type Tensor } from '../tf.js';

// Training-only layers; in inference both are the identity (the caller skips them).

/**
 * Inverted dropout. Ops:
 *   keep = cast(greaterEqual(randomUniform(shape(x), 0, 1, 'float32', seed), rate), 'float32')
 *   y = div(mul(x, keep), 1 - rate)
 */
export function applyDropout(x: Tensor, rate: number, seed: number): Tensor {
  const draw = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
  const keep = tf.cast(tf.greaterEqual(draw, rate), 'float32');
  return tf.div(tf.mul(x, keep), 1 - rate);
}

/** Ops: add(x, randomNormal(shape(x), 0, std, 'float32', seed)). */
export function applyGaussianNoise(x: Tensor, std: number, seed: number): Tensor {
  return tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seed));
}
