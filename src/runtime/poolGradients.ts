import * as tf from '@tensorflow/tfjs-core';

// Second-order gradients (gradient_penalty, r1_penalty) through `maxpool` and
// `avgpool` differentiate the pools' gradient kernels, MaxPoolGrad and
// AvgPoolGrad, for which tfjs registers no gradient ("gradient function not
// found for MaxPoolGrad"). Both are linear in their upstream gradient dy:
//   AvgPoolGrad(dy) = Aᵀ dy, where avgPool(x) = A x, so its gradient is avgPool(g);
//   MaxPoolGrad(dy, x, y) = Pᵀ dy, P choosing each window's maximum, so its
//   gradient is P g: g at each window's maximum.
// For P g we ask the backend's own MaxPoolGrad where it sends a gradient
// (mask = MaxPoolGrad(ones, x, y), one 1 per window), so ties break exactly
// as in the first-order gradient; then P g = avgPool(mask·g) / avgPool(mask)
// (the window sum of mask·g: both averages divide by the same count). That
// needs windows that do not overlap: the language's pools have stride = size.
// The other inputs' gradients (x, y of MaxPoolGrad, x of AvgPoolGrad) are
// zero: the selection is piecewise constant in them.
// Generated code must perform the same registration.

interface PoolAttrs {
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

function avgPoolLike(g: tf.Tensor, attrs: PoolAttrs): tf.Tensor {
  return tf.avgPool(g as tf.Tensor4D, attrs.filterSize, attrs.strides, attrs.pad, attrs.dimRoundingMode);
}

export function registerPoolGradients(): void {
  if (tf.getGradient('AvgPoolGrad') === undefined) {
    tf.registerGradient({
      kernelName: 'AvgPoolGrad',
      inputsToSave: ['input'],
      gradFunc: (g, saved, attrs) => {
        const [input] = saved;
        return { dy: () => avgPoolLike(g as tf.Tensor, attrs as unknown as PoolAttrs), input: () => tf.zerosLike(input!) };
      },
    });
  }
  if (tf.getGradient('MaxPoolGrad') === undefined) {
    tf.registerGradient({
      kernelName: 'MaxPoolGrad',
      inputsToSave: ['dy', 'input', 'output'],
      gradFunc: (g, saved, attrs) => {
        const [dy, input, output] = saved as tf.Tensor[];
        const pool = attrs as unknown as PoolAttrs;
        return {
          dy: () => {
            const [fh, fw] = pair(pool.filterSize);
            const [sh, sw] = pair(pool.strides);
            if (fh > sh || fw > sw) throw new Error('internal: the second-order gradient of maxpool needs windows that do not overlap');
            const mask = tf.engine().runKernel('MaxPoolGrad', { dy: tf.onesLike(output!), input: input!, output: output! }, attrs) as tf.Tensor;
            return tf.div(avgPoolLike(tf.mul(mask, g as tf.Tensor), pool), avgPoolLike(mask, pool));
          },
          input: () => tf.zerosLike(input!),
          output: () => tf.zerosLike(output!),
        };
      },
    });
  }
}
