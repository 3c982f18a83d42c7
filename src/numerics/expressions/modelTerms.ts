import { tf, type Tensor } from '../tf.js';
import { perExampleSum } from './reduce.js';

/**
 * KL(N(mu, exp(logvar)) ‖ N(0, I)), summed over the latent, mean over the batch. Ops:
 *   mul(sub(sub(add(1, logvar), square(mu)), exp(logvar)), -0.5) → per-example sum → mean.
 */
export function klNormal(mu: Tensor, logvar: Tensor): Tensor {
  const inner = tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar));
  return tf.mean(perExampleSum(tf.mul(inner, -0.5)));
}

/** Ops: add(mu, mul(exp(mul(logvar, 0.5)), randomNormal(shape(mu), 0, 1, 'float32', seed))). */
export function reparam(mu: Tensor, logvar: Tensor, seed: number): Tensor {
  const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', seed);
  return tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
}

/** Ops: add(v, randomNormal(shape(v), 0, std, 'float32', seed)). */
export function addNoise(v: Tensor, std: number, seed: number): Tensor {
  return tf.add(v, tf.randomNormal(v.shape, 0, std, 'float32', seed));
}

/**
 * The WGAN-GP interpolate: eps ~ U[0, 1] per example, shaped [B, 1, ...]. Ops:
 *   eps = randomUniform([B, 1, ...], 0, 1, 'float32', seed)
 *   add(mul(eps, real), mul(sub(1, eps), fake))
 */
export function interpolate(real: Tensor, fake: Tensor, seed: number): Tensor {
  const shape = [real.shape[0]!, ...real.shape.slice(1).map(() => 1)];
  const eps = tf.randomUniform(shape, 0, 1, 'float32', seed);
  return tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
}

/** Added under the square root of a gradient's norm: its derivative at 0 is otherwise infinite. */
export const NORM_EPSILON = 1e-12;

/**
 * Gradient penalty from the critic's input gradient g. Ops:
 *   norm = sqrt(add(perExampleSum(square(g)), 1e-12)); mean(square(sub(norm, 1)))
 */
export function gradientPenaltyFromGradient(g: Tensor): Tensor {
  const norm = tf.sqrt(tf.add(perExampleSum(tf.square(g)), NORM_EPSILON));
  return tf.mean(tf.square(tf.sub(norm, 1)));
}

/** R1 from the critic's gradient at real data. Ops: mean(perExampleSum(square(g))). */
export function r1FromGradient(g: Tensor): Tensor {
  return tf.mean(perExampleSum(tf.square(g)));
}

/**
 * The gradient of sum(critic(x)) with respect to x, itself differentiable
 * (the step's gradient flows through it: second order).
 */
export function inputGradient(critic: (x: Tensor) => Tensor, x: Tensor): Tensor {
  return tf.grad((input: Tensor) => tf.sum(critic(input)))(x);
}
