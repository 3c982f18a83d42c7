import { tf, type Tensor } from '../tf.js';
import type { PadMode, ResizeMethod, Sides } from '../../ir/types.js';

// Layers that change an image's height and width (NHWC): pad, crop, resize.
// tfjs's own MirrorPad gradient only slices the centre out of dy (it drops
// what the reflected border sends back), so reflection is slices, reversals
// and a concat. Resizing is two matrix products with interpolation matrices
// built here from torch's index arithmetic, so it samples where PyTorch does
// on every backend and its gradient is matMul's.

/** The `count` entries of `x` from `start` along `axis` (1 or 2 of NHWC). */
function sliceAxis(x: Tensor, axis: number, start: number, count: number): Tensor {
  const begin = x.shape.map((_, i) => (i === axis ? start : 0));
  const size = x.shape.map((d, i) => (i === axis ? count : d));
  return tf.slice(x, begin, size);
}

/** Mirrors `before` and `after` entries onto `axis`, the edge itself not repeated (torch's ReflectionPad2d). */
function reflectAxis(x: Tensor, axis: number, before: number, after: number): Tensor {
  if (before === 0 && after === 0) return x;
  const size = x.shape[axis]!;
  const parts: Tensor[] = [];
  if (before > 0) parts.push(tf.reverse(sliceAxis(x, axis, 1, before), axis));
  parts.push(x);
  if (after > 0) parts.push(tf.reverse(sliceAxis(x, axis, size - 1 - after, after), axis));
  return tf.concat(parts, axis);
}

/** `pad(size, mode)`: zeros (tf.pad) or a reflection, `sides` = [top, bottom, left, right]. */
export function applyPad(x: Tensor, sides: Sides, mode: PadMode): Tensor {
  const [top, bottom, left, right] = sides;
  if (mode === 'zero') {
    return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  }
  return reflectAxis(reflectAxis(x, 1, top, bottom), 2, left, right);
}

/** `crop(size)`: removes `sides` = [top, bottom, left, right], as Keras's Cropping2D. */
export function applyCrop(x: Tensor, sides: Sides): Tensor {
  const [top, bottom, left, right] = sides;
  const [batch, height, width, channels] = x.shape;
  return tf.slice(x, [0, top, left, 0], [batch!, height! - top - bottom, width! - left - right, channels!]);
}

/**
 * The [to, from] matrix that resizes one axis as torch's F.interpolate does
 * by default (align_corners=False; its float32 index arithmetic copied):
 * nearest takes source floor(i · from/to); bilinear samples at
 * (i + 0.5) · from/to − 0.5, clamped at 0, between the two neighbours.
 */
function resizeWeights(from: number, to: number, method: ResizeMethod): Float32Array {
  const weights = new Float32Array(to * from);
  const scale = Math.fround(from / to);
  for (let i = 0; i < to; i++) {
    if (from === to) {
      weights[i * from + i] = 1;
    } else if (method === 'nearest') {
      weights[i * from + Math.min(Math.floor(Math.fround(i * scale)), from - 1)] = 1;
    } else {
      const source = Math.max(Math.fround(Math.fround(scale * (i + 0.5)) - 0.5), 0);
      const low = Math.floor(source);
      const high = low < from - 1 ? low + 1 : low;
      const lambda = Math.min(Math.max(Math.fround(source - low), 0), 1);
      weights[i * from + low]! += 1 - lambda;
      weights[i * from + high]! += lambda;
    }
  }
  return weights;
}

/** y[i] = Σ_j m[i, j] · x[j] along `axis` (1 or 2 of NHWC), one matMul. */
function mixAxis(x: Tensor, m: Tensor, axis: 1 | 2): Tensor {
  const moved = tf.transpose(x, axis === 1 ? [1, 0, 2, 3] : [2, 0, 1, 3]);
  const [length, ...rest] = moved.shape;
  const mixed = tf.matMul(m as tf.Tensor2D, tf.reshape(moved, [length!, -1]) as tf.Tensor2D);
  return tf.transpose(tf.reshape(mixed, [m.shape[0]!, ...rest]), axis === 1 ? [1, 0, 2, 3] : [1, 2, 0, 3]);
}

/** `resize([height, width], method)`: each axis through its interpolation matrix (an unchanged axis is left alone). */
export function applyResize(x: Tensor, height: number, width: number, method: ResizeMethod): Tensor {
  const [, inHeight, inWidth] = x.shape;
  let y = x;
  if (inHeight !== height) y = mixAxis(y, tf.tensor2d(resizeWeights(inHeight!, height, method), [height, inHeight!]), 1);
  if (inWidth !== width) y = mixAxis(y, tf.tensor2d(resizeWeights(inWidth!, width, method), [width, inWidth!]), 2);
  return y;
}
