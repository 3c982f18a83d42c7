import { tf, type Tensor } from './tf.js';
import type { Latent } from '../ir/types.js';
import { oneHotLabels } from './labels.js';

/**
 * A batch of `count` draws of a latent. Ops:
 *   normal(m, s):   randomNormal([B, ...shape], m, s, 'float32', seed)
 *   uniform(a, b):  randomUniform([B, ...shape], a, b, 'float32', seed)
 *   categorical(K) as class[K]: cast(minimum(floor(randomUniform([B], 0, K, 'float32', seed)), K - 1), 'int32')
 *     (the minimum guards a float32 rounding of a draw just below K up to K);
 *   categorical(K) as a tensor [K]: oneHotLabels of those labels, float32.
 */
export function drawLatent(latent: Latent, count: number, seed: number): Tensor {
  const shape = latent.type.kind === 'tensor' ? [count, ...latent.type.shape] : [count];
  const d = latent.distribution;
  switch (d.kind) {
    case 'normal':
      return tf.randomNormal(shape, d.mean, d.std, 'float32', seed);
    case 'uniform':
      return tf.randomUniform(shape, d.low, d.high, 'float32', seed);
    case 'categorical': {
      const draws = tf.randomUniform([count], 0, d.classes, 'float32', seed);
      const labels = tf.cast(tf.minimum(tf.floor(draws), d.classes - 1), 'int32');
      return latent.type.kind === 'class' ? labels : oneHotLabels(labels, d.classes);
    }
  }
}
