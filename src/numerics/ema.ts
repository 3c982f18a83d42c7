import { tf, type Tensor } from './tf.js';

/**
 * The exponential moving average of a weight, updated after every iteration;
 * it starts as a copy of the initial weight.
 * Ops: add(mul(average, decay), mul(weight, 1 - decay)).
 */
export function emaUpdate(average: Tensor, weight: Tensor, decay: number): Tensor {
  return tf.add(tf.mul(average, decay), tf.mul(weight, 1 - decay));
}
