import * as tf from '@tensorflow/tfjs-core';

// Second-order gradients (gradient_penalty, r1_penalty) differentiate the
// gradient functions of leaky_relu, relu, clip and friends, which contain
// comparison ops (`Greater`, `LogicalAnd`, ...). A comparison's derivative is
// zero almost everywhere, but tfjs has no gradient registered for most of them
// and throws "gradient function not found for Greater". We register the zero
// gradient. Generated code must perform the same registration.
const comparisonKernels = [
  'Greater',
  'GreaterEqual',
  'Less',
  'LessEqual',
  'Equal',
  'NotEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalNot',
] as const;

export function registerComparisonGradients(): void {
  for (const kernelName of comparisonKernels) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    // Binary comparisons name their inputs a, b; LogicalNot names it x.
    const names = kernelName === 'LogicalNot' ? ['x'] : ['a', 'b'];
    tf.registerGradient({
      kernelName,
      inputsToSave: names,
      gradFunc: (_dy, saved) => {
        const zeros: Record<string, () => tf.Tensor> = {};
        names.forEach((name, i) => {
          const input = saved[i];
          // float32 whatever the input's dtype (bool for LogicalAnd): tfjs requires float gradients.
          zeros[name] = () => (input ? tf.zeros(input.shape) : tf.scalar(0));
        });
        return zeros;
      },
    });
  }
}
