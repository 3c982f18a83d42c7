// What the autoencoder and VAE metrics share: pixels mapped to 0..1 from the
// data's `scale`, and the binary cross-entropy with Keras's clipping.

import { tf, type Tensor } from '../../numerics/tf.js';

/** Values stored in `range` mapped linearly to 0..1 (a tanh decoder's output too), clipped. */
export function toUnit(values: Tensor, range: readonly [number, number]): Tensor {
  const [low, high] = range;
  const unit = low === 0 && high === 1 ? values : tf.div(tf.sub(values, low), high - low);
  return tf.clipByValue(unit, 0, 1);
}

/** Per-element BCE of `target` against the probabilities `p` (clipped to [1e-7, 1 − 1e-7], as `bce`). */
export function bceElements(target: Tensor, p: Tensor): Tensor {
  const clipped = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.add(tf.mul(target, tf.log(clipped)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, clipped)))));
}

/** Sum over every axis but the first: [n, …] → [n]. */
export function sumPerExample(values: Tensor): Tensor {
  return tf.sum(tf.reshape(values, [values.shape[0]!, -1]), 1);
}
