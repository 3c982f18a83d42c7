import { tf, type Tensor } from '../tf.js';
import type { Shape } from '../../ir/types.js';

/** flatten: reshape(x, [B, -1]). */
export function applyFlatten(x: Tensor): Tensor {
  return tf.reshape(x, [x.shape[0]!, -1]);
}

/** reshape([..]): reshape(x, [B, ...target]). */
export function applyReshape(x: Tensor, target: Shape): Tensor {
  return tf.reshape(x, [x.shape[0]!, ...target]);
}

/** concat(a, b, ...) on the last axis. */
export function applyConcat(xs: readonly Tensor[]): Tensor {
  return tf.concat([...xs], -1);
}

/** add(a, b, ...): left to right, add(add(a, b), c). */
export function applyAdd(xs: readonly Tensor[]): Tensor {
  return xs.slice(1).reduce((sum, x) => tf.add(sum, x), xs[0]!);
}
