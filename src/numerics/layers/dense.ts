import { tf, type Tensor } from '../tf.js';

/**
 * `dense(units)` on the last axis, as in Keras.
 * Ops: rank 2: add(matMul(x, kernel), bias).
 *      rank > 2: reshape(x, [-1, in]) → matMul → add bias → reshape back.
 */
export function applyDense(x: Tensor, kernel: Tensor, bias: Tensor): Tensor {
  if (x.rank === 2) return tf.add(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias);
  const inner = x.shape[x.rank - 1]!;
  const units = kernel.shape[1]!;
  const flat = tf.reshape(x, [-1, inner]) as tf.Tensor2D;
  const y = tf.add(tf.matMul(flat, kernel as tf.Tensor2D), bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), units]);
}
