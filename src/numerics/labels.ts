import { tf, type Tensor } from './tf.js';

/**
 * The one place class labels (int32 [B]) become float32 vectors [B, K]:
 * `one_hot`, `cross_entropy` with class labels and categorical latents used
 * as vectors. Ops: oneHot(labels, K, 1, 0, 'float32'). On wasm this relies
 * on our OneHot kernel (kernels/wasm/oneHot.ts): tfjs's writes int32 bits.
 */
export function oneHotLabels(labels: Tensor, classes: number): Tensor {
  return tf.oneHot(labels as tf.Tensor1D, classes, 1, 0, 'float32');
}
