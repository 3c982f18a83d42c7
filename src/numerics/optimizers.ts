import { tf, type Tensor } from './tf.js';
import { fusedAdamUpdate } from './kernels/adamUpdate.js';
import { withTrainingControls } from './trainingControls.js';
import type { UpdateRule } from './compiledModule.js';
import type { AdamOptimizer, AdamwOptimizer, Optimizer, RmspropOptimizer, SgdOptimizer } from '../ir/types.js';

// The update rules, owned here (not tf.train) so that generated code can emit
// the same op sequence and a checkpoint can hold every slot. Scalars that
// depend only on the update count are computed in float64 JavaScript and
// passed to tfjs as numbers (which tfjs turns into float32 scalars).
// One rule per optimizer kind: a compiled step carries its own
// (compiledModule.ts), so a generated module copies only the kinds it uses;
// `updateRule` is the interpreter's dispatch.

/**
 * adam (TF/Keras form, epsilon outside the corrected sqrt):
 *   m' = add(mul(m, b1), mul(g, 1 - b1))
 *   v' = add(mul(v, b2), mul(square(g), 1 - b2))
 *   alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)            (float64)
 *   w' = sub(w, div(mul(m', alpha), add(sqrt(v'), eps)))
 */
export function adamRule(optimizer: AdamOptimizer): UpdateRule {
  return { lr: optimizer.lr, slots: ['m', 'v'], apply: (weight, gradient, slots, t, lr) => adamUpdate(optimizer, weight, gradient, slots, t, lr) };
}

function adamUpdate(
  { beta1, beta2, epsilon }: { readonly beta1: number; readonly beta2: number; readonly epsilon: number },
  weight: Tensor,
  gradient: Tensor,
  slots: readonly Tensor[],
  t: number,
  lr: number,
): { weight: Tensor; slots: Tensor[] } {
  const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
  // One kernel on cpu and wasm, bit for bit the sequence below (kernels/adamUpdate.ts).
  const fused = fusedAdamUpdate(weight, gradient, slots[0]!, slots[1]!, { beta1, beta2, alpha, epsilon });
  if (fused) return { weight: fused[0]!, slots: fused.slice(1) };
  const m = tf.add(tf.mul(slots[0]!, beta1), tf.mul(gradient, 1 - beta1));
  const v = tf.add(tf.mul(slots[1]!, beta2), tf.mul(tf.square(gradient), 1 - beta2));
  const next = tf.sub(weight, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), epsilon)));
  return { weight: next, slots: [m, v] };
}

/**
 * adamw (torch.optim.AdamW's decoupled decay, then our adam):
 *   w0 = mul(w, 1 - lr * weight_decay)      (the factor in float64)
 *   w' = adam(w0, g)                         (the rule above, the same m and v)
 */
export function adamwRule(optimizer: AdamwOptimizer): UpdateRule {
  return {
    lr: optimizer.lr,
    slots: ['m', 'v'],
    apply: (weight, gradient, slots, t, lr) => adamUpdate(optimizer, tf.mul(weight, 1 - lr * optimizer.weightDecay), gradient, slots, t, lr),
  };
}

/**
 * sgd, weight_decay λ: g is add(g, mul(w, λ)) in what follows (torch.optim.SGD's).
 * sgd, momentum 0:  w' = sub(w, mul(g, lr))
 * sgd, momentum μ (PyTorch form):  buf' = add(mul(buf, μ), g);  w' = sub(w, mul(buf', lr))
 */
export function sgdRule(optimizer: SgdOptimizer): UpdateRule {
  const { momentum, weightDecay } = optimizer;
  return {
    lr: optimizer.lr,
    slots: momentum > 0 ? ['momentum'] : [],
    apply(weight, gradient, slots, _t, lr) {
      const g = weightDecay ? tf.add(gradient, tf.mul(weight, weightDecay)) : gradient;
      if (momentum <= 0) return { weight: tf.sub(weight, tf.mul(g, lr)), slots: [] };
      const buffer = tf.add(tf.mul(slots[0]!, momentum), g);
      return { weight: tf.sub(weight, tf.mul(buffer, lr)), slots: [buffer] };
    },
  };
}

/**
 * rmsprop:
 *   ms' = add(mul(ms, rho), mul(square(g), 1 - rho))
 *   step = div(mul(g, lr), add(sqrt(ms'), eps))
 *   momentum 0: w' = sub(w, step);  momentum μ: mom' = add(mul(mom, μ), step); w' = sub(w, mom')
 */
export function rmspropRule(optimizer: RmspropOptimizer): UpdateRule {
  const { rho, momentum, epsilon } = optimizer;
  return {
    lr: optimizer.lr,
    slots: momentum > 0 ? ['ms', 'momentum'] : ['ms'],
    apply(weight, gradient, slots, _t, lr) {
      const ms = tf.add(tf.mul(slots[0]!, rho), tf.mul(tf.square(gradient), 1 - rho));
      const step = tf.div(tf.mul(gradient, lr), tf.add(tf.sqrt(ms), epsilon));
      if (momentum <= 0) return { weight: tf.sub(weight, step), slots: [ms] };
      const mom = tf.add(tf.mul(slots[1]!, momentum), step);
      return { weight: tf.sub(weight, mom), slots: [ms, mom] };
    },
  };
}

/**
 * The rule of `optimizer`, by its kind, with its schedule and clipping
 * (generated modules name their rules directly: generateModule.ts).
 */
export function updateRule(optimizer: Optimizer): UpdateRule {
  return withTrainingControls(kindRule(optimizer), optimizer);
}

function kindRule(optimizer: Optimizer): UpdateRule {
  switch (optimizer.kind) {
    case 'adam':
      return adamRule(optimizer);
    case 'adamw':
      return adamwRule(optimizer);
    case 'sgd':
      return sgdRule(optimizer);
    case 'rmsprop':
      return rmspropRule(optimizer);
  }
}
