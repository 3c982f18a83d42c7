// MaxPoolGrad on wasm (4.22) sends no gradient out of a window whose maximum
// is negative (and MaxPoolWithArgmax points such windows at index 0), so
// every `maxpool` after a tanh, a leaky_relu or a linear layer trained with
// part of its gradient missing. Neither shipped kernel can be repaired from
// outside, so this one is a loop in JavaScript over the backend's buffers,
// as tfjs's cpu kernel is: each window's first maximum (ties go to the
// earliest position, as on cpu) receives the window's upstream gradient;
// overlapping windows add up.

import {
  backend_util,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, readValues, tensorFromValues, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

export function maxPoolGradLoop(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const input = inputOf(args, 'input');
    const dy = inputOf(args, 'dy');
    if (input.dtype !== 'float32' || input.shape.length !== 4) return k.runFunc(original, args.inputs, args.attrs);
    const { filterSize, strides, pad, dimRoundingMode } = attrsOf<MaxPoolGradAttrs>(args);
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const x = readValues(k, input);
    const g = readValues(k, dy);
    const dx = new Float32Array(x.length);
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
    const { effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth } = info;
    const { top, left } = info.padInfo;
    for (let b = 0; b < batchSize; b++) {
      for (let r = 0; r < outHeight; r++) {
        for (let c = 0; c < outWidth; c++) {
          for (let ch = 0; ch < inChannels; ch++) {
            let best = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let wr = 0; wr < effectiveFilterHeight; wr += dilationHeight) {
              const xr = r * strideHeight - top + wr;
              if (xr < 0 || xr >= inHeight) continue;
              for (let wc = 0; wc < effectiveFilterWidth; wc += dilationWidth) {
                const xc = c * strideWidth - left + wc;
                if (xc < 0 || xc >= inWidth) continue;
                const index = ((b * inHeight + xr) * inWidth + xc) * inChannels + ch;
                if (x[index]! > best) {
                  best = x[index]!;
                  at = index;
                }
              }
            }
            if (at >= 0) dx[at] += g[((b * outHeight + r) * outWidth + c) * inChannels + ch]!;
          }
        }
      }
    }
    return tensorFromValues(k, dx, [...input.shape]);
  };
}
