import type { Tensor } from './tf.js';
import type { OptimizerControls } from '../ir/types.js';
import { learningRateAt } from '../ir/learningRate.js';
import { clipByGlobalNorm } from './gradientClipping.js';
import type { UpdateRule } from './compiledModule.js';

// A step's training controls (a learning-rate schedule, clipping by global
// norm) added to its optimizer's rule. Kept apart from the rules so that a
// generated module whose steps have no controls copies none of this
// (generateModule.ts wraps a rule only when its step has controls).

/** `rule` with `controls`' schedule and clipping; `rule` itself when there are none. */
export function withTrainingControls(rule: UpdateRule, controls: OptimizerControls): UpdateRule {
  const { schedule, clipNorm } = controls;
  if (!schedule && clipNorm === undefined) return rule;
  return {
    ...rule,
    ...(schedule ? { rateAt: (iteration: number) => learningRateAt({ lr: rule.lr, schedule }, iteration) } : {}),
    ...(clipNorm !== undefined ? { clip: (gradients: readonly (Tensor | undefined)[]) => clipByGlobalNorm(gradients, clipNorm) } : {}),
  };
}
