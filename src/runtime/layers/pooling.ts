import { tf, type Tensor } from '../tf.js';
import type { Padding } from '../../ir/types.js';

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

/**
 * Pool size = stride = `size`, as Keras's MaxPooling2D(size). The padding is
 * read off the IR's output shape: floor(H / size) is `valid`, ceil is `same`.
 */
export function poolPadding(inputHeight: number, outputHeight: number, size: number): Padding {
  return outputHeight === Math.floor(inputHeight / size) ? 'valid' : 'same';
}

/** TF's 'same' padding of one axis when the stride is the pool size: (before, after), the odd pixel after. */
function samePads(length: number, size: number): [number, number] {
  const total = Math.ceil(length / size) * size - length;
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** pad(x, TF's 'same' pads of H and W, zeros): the windows then tile the padded image. */
function padSame(x: Tensor, size: number): Tensor {
  const pads: Array<[number, number]> = [[0, 0], samePads(x.shape[1]!, size), samePads(x.shape[2]!, size), [0, 0]];
  return tf.pad(x, pads);
}

export function applyMaxpool(x: Tensor, size: number, padding: Padding): Tensor {
  return tf.maxPool(x as tf.Tensor4D, size, size, padding);
}

/**
 * The mean of each size×size window, as reshape → mean, not tfjs's avgPool:
 * its gradient (AvgPoolGrad) divides by size² where its forward pass divided
 * by the pixels inside the image (wrong at 'same' edges), and has no gradient
 * of its own (the penalties need one). For NHWC, with Ho·size rows kept:
 *   valid: slice(x, [B, Ho·size, Wo·size, C])            (trailing pixels dropped)
 *   same:  padSame(x), and each window's mean scaled by size² / (pixels inside)
 *   mean(reshape(·, [B, Ho, size, Wo, size, C]), [2, 4])
 */
export function applyAvgpool(x: Tensor, size: number, padding: Padding): Tensor {
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const rows = padding === 'same' ? Math.ceil(height / size) : Math.floor(height / size);
  const cols = padding === 'same' ? Math.ceil(width / size) : Math.floor(width / size);
  const input =
    padding === 'same'
      ? padSame(x, size)
      : rows * size === height && cols * size === width
        ? x
        : tf.slice(x, [0, 0, 0, 0], [batch, rows * size, cols * size, channels]);
  const means = tf.mean(tf.reshape(input, [batch, rows, size, cols, size, channels]), [2, 4]);
  if (padding === 'valid') return means;
  const rowScale = tf.tensor4d(insideScale(height, rows, size), [1, rows, 1, 1]);
  const colScale = tf.tensor4d(insideScale(width, cols, size), [1, 1, cols, 1]);
  return tf.mul(means, tf.mul(rowScale, colScale));
}

/** size / (pixels of each window inside [0, length) along one axis), for windows over the 'same'-padded axis. */
function insideScale(length: number, windows: number, size: number): number[] {
  const [before] = samePads(length, size);
  return Array.from({ length: windows }, (_, i) => {
    const start = Math.max(i * size - before, 0);
    const end = Math.min((i + 1) * size - before, length);
    return size / (end - start);
  });
}
