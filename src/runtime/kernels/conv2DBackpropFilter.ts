// Conv2DBackpropFilter for the wasm backend, which ships without one (every
// conv weight gradient throws there). TensorFlow's own trick: the filter
// gradient
//
//   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[n, oh, ow, co]
//
// is a stride-1 convolution whose "batch" is ci and whose "channels" are n:
// the input is x transposed to [Cin, H, W, N], the filter is dy transposed to
// [OH, OW, N, Cout] and dilated by the forward stride, and the output
// [Cin, KH, KW, Cout] is transposed back. It runs on the XNNPACK Conv2D kernel,
// so it is as fast as a forward convolution. The same kernel serves
// conv2d_transpose, whose filter gradient tfjs computes with it too.

import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { attrsOf, backendOf, inputOf, release, runWasmKernel, transpose, WASM, type KernelArgs } from './kernelCalls.js';

function conv2DBackpropFilter(args: KernelArgs): TensorInfo {
  const backend = backendOf(args);
  const x = inputOf(args, 'x');
  const dy = inputOf(args, 'dy');
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrsOf<Conv2DBackpropFilterAttrs>(args);
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports only NHWC');

  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Rows the forward pass actually read: padding beyond them is zero, and
  // rows past them (valid padding with a leftover) must be cropped away.
  const rowsRead = (outHeight - 1) * strideHeight + filterHeight;
  const colsRead = (outWidth - 1) * strideWidth + filterWidth;
  const bottom = rowsRead - top - inHeight;
  const right = colsRead - left - inWidth;

  const toRelease: TensorInfo[] = [];
  let input = x;
  if (bottom < 0 || right < 0) {
    input = runWasmKernel('Slice', backend, { x }, {
      begin: [0, 0, 0, 0],
      size: [-1, inHeight + Math.min(bottom, 0), inWidth + Math.min(right, 0), -1],
    });
    toRelease.push(input);
  }
  const xT = transpose(backend, input, [3, 1, 2, 0]); // [Cin, H, W, N]
  const dyT = transpose(backend, dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]
  toRelease.push(xT, dyT);

  const padding = [
    [0, 0],
    [top, Math.max(bottom, 0)],
    [left, Math.max(right, 0)],
    [0, 0],
  ];
  const dwT = runWasmKernel('Conv2D', backend, { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: padding,
    dataFormat: 'NHWC',
    dilations: [strideHeight, strideWidth],
  }); // [Cin, KH, KW, Cout]
  toRelease.push(dwT);
  const dw = transpose(backend, dwT, [1, 2, 0, 3]);
  release(backend, ...toRelease);
  return dw;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2DBackpropFilter,
};
