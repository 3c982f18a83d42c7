import { tf, type Tensor } from './tf.js';
import type { Init, IrModule, Shape } from '../ir/types.js';
import { mixSeed, SeedStream } from '../ir/seeds.js';
import { TensorStore } from './tensorStore.js';

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

/** Weight `i` of `IrModule.weights` draws with mixSeed(seed, 1, i, 0). */
export function initWeights(ir: IrModule, seed: number): TensorStore {
  const store = new TensorStore();
  ir.weights.forEach((w, i) => {
    store.set(w.id, initialTensor(w.init, w.shape, w.fanIn, w.fanOut, mixSeed(seed, SeedStream.init, i, 0)));
  });
  return store;
}

/**
 * State tensor `j` of `IrModule.state` (moving statistics, spectral `u`)
 * continues the weights' numbering: mixSeed(seed, 1, weights.length + j, 0).
 * fanIn/fanOut are the last dimension (only a `normal` init draws).
 */
export function initState(ir: IrModule, seed: number): TensorStore {
  const store = new TensorStore();
  ir.state.forEach((s, j) => {
    const fan = s.shape[s.shape.length - 1] ?? 1;
    const stateSeed = mixSeed(seed, SeedStream.init, ir.weights.length + j, 0);
    store.set(s.id, initialTensor(s.init, s.shape, fan, fan, stateSeed));
  });
  return store;
}
