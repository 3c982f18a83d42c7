import { tf, type Tensor } from './tf.js';
import type { Optimizer } from '../ir/types.js';
import { fusedAdamUpdate } from './kernels/adamUpdate.js';

// The update rules, owned here (not tf.train) so that generated code can emit
// the same op sequence and a checkpoint can hold every slot. Scalars that
// depend only on the update count are computed in float64 JavaScript and
// passed to tfjs as numbers (which tfjs turns into float32 scalars).

/** Per-weight slot tensors of one optimizer, in the order `slotNames` gives. */
export function slotNames(optimizer: Optimizer): readonly string[] {
  switch (optimizer.kind) {
    case 'adam':
      return ['m', 'v'];
    case 'sgd':
      return optimizer.momentum > 0 ? ['momentum'] : [];
    case 'rmsprop':
      return optimizer.momentum > 0 ? ['ms', 'momentum'] : ['ms'];
  }
}

/**
 * One update of one weight. `t` is this optimizer's update count including
 * this one (1 on the first update). Returns the new weight and new slots.
 *
 * adam (TF/Keras form, epsilon outside the corrected sqrt):
 *   m' = add(mul(m, b1), mul(g, 1 - b1))
 *   v' = add(mul(v, b2), mul(square(g), 1 - b2))
 *   alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)            (float64)
 *   w' = sub(w, div(mul(m', alpha), add(sqrt(v'), eps)))
 * sgd, momentum 0:  w' = sub(w, mul(g, lr))
 * sgd, momentum μ (PyTorch form):  buf' = add(mul(buf, μ), g);  w' = sub(w, mul(buf', lr))
 * rmsprop:
 *   ms' = add(mul(ms, rho), mul(square(g), 1 - rho))
 *   step = div(mul(g, lr), add(sqrt(ms'), eps))
 *   momentum 0: w' = sub(w, step);  momentum μ: mom' = add(mul(mom, μ), step); w' = sub(w, mom')
 */
export function applyUpdate(
  optimizer: Optimizer,
  weight: Tensor,
  gradient: Tensor,
  slots: readonly Tensor[],
  t: number,
): { weight: Tensor; slots: Tensor[] } {
  switch (optimizer.kind) {
    case 'adam': {
      const { lr, beta1, beta2, epsilon } = optimizer;
      const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
      // One kernel on cpu and wasm, bit for bit the sequence below (kernels/adamUpdate.ts).
      const fused = fusedAdamUpdate(weight, gradient, slots[0]!, slots[1]!, { beta1, beta2, alpha, epsilon });
      if (fused) return { weight: fused[0]!, slots: fused.slice(1) };
      const m = tf.add(tf.mul(slots[0]!, beta1), tf.mul(gradient, 1 - beta1));
      const v = tf.add(tf.mul(slots[1]!, beta2), tf.mul(tf.square(gradient), 1 - beta2));
      const next = tf.sub(weight, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), epsilon)));
      return { weight: next, slots: [m, v] };
    }
    case 'sgd': {
      const { lr, momentum } = optimizer;
      if (momentum <= 0) return { weight: tf.sub(weight, tf.mul(gradient, lr)), slots: [] };
      const buffer = tf.add(tf.mul(slots[0]!, momentum), gradient);
      return { weight: tf.sub(weight, tf.mul(buffer, lr)), slots: [buffer] };
    }
    case 'rmsprop': {
      const { lr, rho, momentum, epsilon } = optimizer;
      const ms = tf.add(tf.mul(slots[0]!, rho), tf.mul(tf.square(gradient), 1 - rho));
      const step = tf.div(tf.mul(gradient, lr), tf.add(tf.sqrt(ms), epsilon));
      if (momentum <= 0) return { weight: tf.sub(weight, step), slots: [ms] };
      const mom = tf.add(tf.mul(slots[1]!, momentum), step);
      return { weight: tf.sub(weight, mom), slots: [ms, mom] };
    }
  }
}
