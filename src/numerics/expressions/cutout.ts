// `cutout(x, size:)`: a size×size square per example, placed uniformly inside
// the image (tfa.image.random_cutout centres it anywhere and clips it at the
// border; kept whole here, every example loses the same area, which makes the
// completion error of one model comparable across examples). The corners are
// drawn with tfjs's seeded generator, JavaScript and so the same on every
// backend; the PyTorch target draws them from the same seed (Draws).

import { tf, type Tensor } from '../tf.js';

/**
 * The square of each example: 1 inside, 0 outside, [B, H, W, 1]. Ops:
 *   u = randomUniform([B, 2], 0, 1, 'float32', seed)
 *   top = min(floor(u[:, 0] · (H − size + 1)), H − size), left likewise with W
 *   mask = (top ≤ row < top + size) · (left ≤ column < left + size)
 */
export function cutoutSquares(shape: readonly number[], size: number, seed: number): Tensor {
  const [batch, height, width] = [shape[0]!, shape[1]!, shape[2]!];
  return tf.tidy(() => {
    const u = tf.randomUniform([batch, 2], 0, 1, 'float32', seed);
    const inside = (axis: number, extent: number) => {
      const start = tf.minimum(tf.floor(tf.mul(tf.slice(u, [0, axis], [batch, 1]), extent - size + 1)), extent - size);
      const positions = tf.reshape(tf.range(0, extent, 1, 'float32'), [1, extent]);
      return tf.cast(tf.logicalAnd(tf.greaterEqual(positions, start), tf.less(positions, tf.add(start, size))), 'float32');
    };
    return tf.mul(tf.reshape(inside(0, height), [batch, height, 1, 1]), tf.reshape(inside(1, width), [batch, 1, width, 1]));
  });
}

/** `v` with each example's square set to `fill`: v·(1 − mask) + fill·mask. */
export function cutoutImages(v: Tensor, size: number, fill: number, seed: number): Tensor {
  const mask = cutoutSquares(v.shape, size, seed);
  const kept = tf.mul(v, tf.sub(1, mask));
  return fill === 0 ? kept : tf.add(kept, tf.mul(mask, fill));
}
