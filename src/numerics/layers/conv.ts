import { tf, type Tensor } from '../tf.js';
import type { Padding } from '../../ir/types.js';

/** `conv2d`: add(conv2d(x, kernel [k, k, cin, cout], stride, padding), bias). NHWC. */
export function applyConv2d(x: Tensor, kernel: Tensor, bias: Tensor, stride: number, padding: Padding): Tensor {
  return tf.add(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, stride, padding), bias);
}

/**
 * `conv2d_transpose`: add(conv2dTranspose(x, kernel [k, k, cout, cin], outShape,
 * stride, padding), bias). `outShape` is [B, H, W, cout], taken from the IR (the
 * transpose of a strided conv is ambiguous in size; the checker decided it).
 */
export function applyConv2dTranspose(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor,
  outShape: readonly [number, number, number, number],
  stride: number,
  padding: Padding,
): Tensor {
  const y = tf.conv2dTranspose(x as tf.Tensor4D, kernel as tf.Tensor4D, [...outShape], stride, padding);
  return tf.add(y, bias);
}
