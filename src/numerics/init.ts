import { tf, type Tensor } from './tf.js';
import type { Init, Shape } from '../ir/types.js';

/**
 * One initialiser draw (docs/ir.md, Initialisers):
 *   glorot_uniform: randomUniform(shape, -l, l, 'float32', seed), l = sqrt(6 / (fanIn + fanOut))
 *   he_normal:      randomNormal(shape, 0, sqrt(2 / fanIn), 'float32', seed)
 *   normal(m, s):   randomNormal(shape, m, s, 'float32', seed)
 *   zeros / ones:   no draw.
 */
export function initialTensor(init: Init, shape: Shape, fanIn: number, fanOut: number, seed: number): Tensor {
  const dims = [...shape];
  switch (init.kind) {
    case 'glorot_uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.randomUniform(dims, -limit, limit, 'float32', seed);
    }
    case 'he_normal':
      return tf.randomNormal(dims, 0, Math.sqrt(2 / fanIn), 'float32', seed);
    case 'normal':
      return tf.randomNormal(dims, init.mean, init.std, 'float32', seed);
    case 'zeros':
      return tf.zeros(dims);
    case 'ones':
      return tf.ones(dims);
  }
}
