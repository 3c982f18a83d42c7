import * as tf from '@tensorflow/tfjs-core';

// Gradients of `avgpool` and `maxpool` that tfjs gets wrong or lacks.
//
// AvgPool's gradient: the forward pass divides each window by the number of
// input cells it covers (fewer at a `same`-padded edge), but tfjs's
// AvgPoolGrad divides every window by the full filter area, so an edge
// cell's gradient was too small (by 1/2 or 1/4 with size 2). We scale dy by
// area/count before AvgPoolGrad, which makes it the exact transpose of the
// forward pass. `valid` windows are full and stay as they were.
//
// Second order (gradient_penalty, r1_penalty through a pool): tfjs registers
// no gradient for AvgPoolGrad and MaxPoolGrad ("gradient function not found
// for MaxPoolGrad"). Both are linear in their upstream gradient dy:
//   AvgPoolGrad(dy) = (window sums of dy) / area, so its gradient is
//     the window sum of g / area = avgPool(g)·count/area;
//   MaxPoolGrad(dy, x, y) = Pᵀ dy, P choosing each window's maximum, so its
//     gradient is P g: g at each window's maximum. We ask the backend's own
//     MaxPoolGrad where it sends a gradient (mask = MaxPoolGrad(ones, x, y),
//     one 1 per window), so ties break exactly as in the first-order
//     gradient; then P g = avgPool(mask·g) / avgPool(mask) (the window sum of
//     mask·g: both averages divide by the same count). That needs windows that
//     do not overlap: the language's pools have stride = size.
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

/** count/area of each output window, shaped [1, outH, outW, 1]; undefined when every window is full. */
function windowCoverage(inputShape: readonly number[], attrs: PoolAttrs): tf.Tensor | undefined {
  const info = tf.backend_util.computePool2DInfo(
    inputShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const covered = (out: number, stride: number, pad: number, filter: number, size: number): number =>
    Math.min(out * stride - pad + filter, size) - Math.max(out * stride - pad, 0);
  const values = new Float32Array(info.outHeight * info.outWidth);
  let full = true;
  for (let r = 0; r < info.outHeight; r++) {
    for (let c = 0; c < info.outWidth; c++) {
      const rows = covered(r, info.strideHeight, info.padInfo.top, info.filterHeight, info.inHeight);
      const cols = covered(c, info.strideWidth, info.padInfo.left, info.filterWidth, info.inWidth);
      const coverage = (rows * cols) / (info.filterHeight * info.filterWidth);
      values[r * info.outWidth + c] = coverage;
      if (coverage !== 1) full = false;
    }
  }
  return full ? undefined : tf.tensor(values, [1, info.outHeight, info.outWidth, 1]);
}

function avgPoolGradKernel(dy: tf.Tensor, input: tf.Tensor, attrs: tf.NamedAttrMap): tf.Tensor {
  const { filterSize, strides, pad } = attrs as unknown as PoolAttrs;
  return tf.engine().runKernel('AvgPoolGrad', { dy, input }, { filterSize, strides, pad }) as tf.Tensor;
}

export function registerPoolGradients(): void {
  // Replaces tfjs's (re-registering is harmless: the same function).
  tf.registerGradient({
    kernelName: 'AvgPool',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      return {
        x: () => {
          const coverage = windowCoverage(x!.shape, attrs as unknown as PoolAttrs);
          return avgPoolGradKernel(coverage ? tf.div(dy as tf.Tensor, coverage) : (dy as tf.Tensor), x!, attrs);
        },
      };
    },
  });
  if (tf.getGradient('AvgPoolGrad') === undefined) {
    tf.registerGradient({
      kernelName: 'AvgPoolGrad',
      inputsToSave: ['input'],
      gradFunc: (g, saved, attrs) => {
        const [input] = saved;
        const pool = attrs as unknown as PoolAttrs;
        return {
          dy: () => {
            const averages = avgPoolLike(g as tf.Tensor, pool);
            const coverage = windowCoverage(input!.shape, pool);
            return coverage ? tf.mul(averages, coverage) : averages;
          },
          input: () => tf.zerosLike(input!),
        };
      },
    });
  }
  if (tf.getGradient('MaxPoolGrad') === undefined) {
    tf.registerGradient({
      kernelName: 'MaxPoolGrad',
      inputsToSave: ['dy', 'input', 'output'],
      gradFunc: (g, saved, attrs) => {
        const [, input, output] = saved as tf.Tensor[];
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
