import { tf, type Tensor } from './tf.js';

/**
 * The identity whose gradient is zero: `detach(v)`, and the power iteration of
 * spectral_norm (its `u`, `v` are constants to the gradient, as in PyTorch).
 * tfjs has no stop-gradient op, so this is a custom gradient returning zeros.
 */
export const stopGradient: (x: Tensor) => Tensor = tf.customGrad((...inputs: (Tensor | tf.GradSaveFunc)[]) => {
  const x = inputs[0] as Tensor;
  return { value: tf.clone(x), gradFunc: () => tf.zerosLike(x) };
});
