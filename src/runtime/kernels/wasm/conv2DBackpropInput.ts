// Conv2DBackpropInput on wasm is a naive loop (~2.5 GFLOP/s) and it is the
// forward pass of every conv2d_transpose as well as the input gradient of
// every conv2d. Where subPixelPlan applies we compute it as ONE XNNPACK
// stride-1 convolution over the window common to all phases, then
// DepthToSpace; elsewhere the shipped kernel runs. One convolution per phase
// wastes no multiply-adds on zero taps, yet measured slower on every DCGAN and
// conv-AE shape (k4 s2 128→64 at batch 128: 194 ms common, 208 ms per phase,
// 785 ms shipped): XNNPACK is faster on one wide GEMM than on s² narrow ones.

import {
  backend_util,
  Conv2DBackpropInput,
  getKernel,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  attrsOf,
  backendOf,
  inputOf,
  makeTensor,
  release,
  runKernelFunc,
  runWasmKernel,
  WASM,
  type KernelArgs,
} from './kernelCalls.js';
import {
  commonFilter,
  planAxis,
  windowPadding,
  type FilterValues,
} from './subPixelPlan.js';

function stride1Conv(backend: KernelBackend, dy: TensorInfo, filter: FilterValues, rowPad: [number, number], colPad: [number, number]): TensorInfo {
  const filterTensor = makeTensor(backend, filter.values, filter.shape);
  const out = runWasmKernel('Conv2D', backend, { x: dy, filter: filterTensor }, {
    strides: [1, 1],
    pad: [[0, 0], rowPad, colPad, [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  });
  release(backend, filterTensor);
  return out;
}

function subPixelBackpropInput(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const backend = backendOf(args);
    const dy = inputOf(args, 'dy');
    const filter = inputOf(args, 'filter');
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrsOf<Conv2DBackpropInputAttrs>(args);
    const filterShape = filter.shape as [number, number, number, number];
    const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
    const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const rows = planAxis(inHeight, outHeight, filterHeight, strideHeight, info.padInfo.top);
    const cols = planAxis(inWidth, outWidth, filterWidth, strideWidth, info.padInfo.left);
    const keepOriginal = (): TensorInfo => runKernelFunc(original, backend, args.inputs, args.attrs);
    // DepthToSpace takes one block size, so unequal strides keep the original.
    if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || !rows || !cols || strideHeight !== strideWidth) {
      return keepOriginal();
    }
    const rowPad = windowPadding(rows, rows.common.first, rows.common.size);
    const colPad = windowPadding(cols, cols.common.first, cols.common.size);
    if (!rowPad || !colPad) return keepOriginal();
    const weights = backend.readSync(filter.dataId) as Float32Array;
    const phases = stride1Conv(backend, dy, commonFilter(weights, filterShape, rows, cols), rowPad, colPad);
    if (strideHeight === 1) return phases;
    const dx = runWasmKernel('DepthToSpace', backend, { x: phases }, { blockSize: strideHeight, dataFormat: 'NHWC' });
    release(backend, phases);
    return dx;
  };
}

export function conv2DBackpropInputConfig(): KernelConfig {
  const original = getKernel(Conv2DBackpropInput, WASM);
  return { ...original, kernelFunc: subPixelBackpropInput(original.kernelFunc) };
}
