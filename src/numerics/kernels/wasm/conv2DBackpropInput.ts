// Conv2DBackpropInput on wasm is a naive loop (~2.5 GFLOP/s) and it is the
// forward pass of every conv2d_transpose as well as the input gradient of
// every conv2d. Where subPixelPlan applies we compute it with XNNPACK
// stride-1 convolutions (the sub-pixel phases as channel groups), then
// interleave the phases with a 4-d Transpose (wasm's DepthToSpace would do the
// same, but it is a slow generic loop: 36 ms against 2 ms for [128, 7, 7, 128]);
// elsewhere the shipped kernel runs.

import {
  backend_util,
  Conv2DBackpropInput,
  getKernel,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { attrsOf, concatKernel, inputOf, KernelCalls, readValues, tensorFromValues, type KernelArgs } from '../kernelCalls.js';
import {
  commonFilter,
  commonWindowWaste,
  planAxis,
  singlePhaseFilter,
  windowPadding,
  type AxisPlan,
  type FilterValues,
} from './subPixelPlan.js';
import { WASM } from '../backendNames.js';

function stride1Conv(k: KernelCalls, dy: TensorInfo, filter: FilterValues, rowPad: [number, number], colPad: [number, number]): TensorInfo {
  const filterTensor = tensorFromValues(k, filter.values, filter.shape);
  const out = k.run('Conv2D', { x: dy, filter: filterTensor }, {
    strides: [1, 1],
    pad: [[0, 0], rowPad, colPad, [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  });
  k.release(filterTensor);
  return out;
}

/**
 * `common`: one convolution over the window shared by all phases; `perPhase`:
 * one convolution per phase; `auto` picks as measured at batch 128 (median ms,
 * common / per phase): wide outputs favour per phase, since the common window
 * wastes up to 2.25× the work (k4 s2 7×7×128 → 64: 138 / 68; k3 s2 → 32: 16 /
 * 12; k4 s2 → 8: 55 / 29); narrow ones favour the common window, since a
 * per-phase GEMM with one or three output columns runs poorly (k4 s2 → 1: 8 /
 * 20; k3 s2 → 3: 4 / 10).
 */
export type SubPixelStrategy = 'auto' | 'common' | 'perPhase';
const PER_PHASE_MIN_CHANNELS = 8;
const PER_PHASE_MIN_WASTE = 1.2;

function chooseStrategy(rows: AxisPlan, cols: AxisPlan, outChannels: number): Exclude<SubPixelStrategy, 'auto'> {
  return outChannels >= PER_PHASE_MIN_CHANNELS && commonWindowWaste(rows, cols) >= PER_PHASE_MIN_WASTE ? 'perPhase' : 'common';
}

/** The phases as channel groups [N, T_h, T_w, s_h·s_w·C]; null where dy would need cropping. */
function phasesAsChannels(
  k: KernelCalls,
  dy: TensorInfo,
  weights: Float32Array,
  filterShape: [number, number, number, number],
  rows: AxisPlan,
  cols: AxisPlan,
  strategy: Exclude<SubPixelStrategy, 'auto'>,
): TensorInfo | null {
  if (strategy === 'common') {
    const rowPad = windowPadding(rows, rows.common.first, rows.common.size);
    const colPad = windowPadding(cols, cols.common.first, cols.common.size);
    if (!rowPad || !colPad) return null;
    return stride1Conv(k, dy, commonFilter(weights, filterShape, rows, cols), rowPad, colPad);
  }
  const jobs = rows.phases.flatMap((row) =>
    cols.phases.map((col) => ({
      filter: () => singlePhaseFilter(weights, filterShape, row, col),
      rowPad: windowPadding(rows, row.first, row.taps.length),
      colPad: windowPadding(cols, col.first, col.taps.length),
    })),
  );
  const ready = jobs.flatMap(({ filter, rowPad, colPad }) => (rowPad && colPad ? [{ filter, rowPad, colPad }] : []));
  if (ready.length < jobs.length) return null;
  const parts = ready.map(({ filter, rowPad, colPad }) => stride1Conv(k, dy, filter(), rowPad, colPad));
  if (parts.length === 1) return parts[0];
  const joined = concatKernel(k, parts, 3);
  k.release(...parts);
  return joined;
}

/**
 * [N, T_h, T_w, (a_h·s_w + a_w)·C + c] → [N, T_h·s_h + a_h, T_w·s_w + a_w, c]. With
 * A = N·T_h and B = s_w·C the phases are [A, T_w, s_h, B]; swapping the two middle
 * axes gives [A, s_h, T_w, B], which is dx in memory order.
 */
function interleavePhases(k: KernelCalls, phases: TensorInfo, rows: AxisPlan, cols: AxisPlan, dxShape: number[]): TensorInfo {
  const [batch, , , channels] = dxShape;
  const grouped = k.reshape(phases, [batch * rows.rowsPerPhase, cols.rowsPerPhase, rows.stride, cols.stride * channels]);
  const swapped = k.transpose(grouped, [0, 2, 1, 3]);
  const dx = k.reshape(swapped, dxShape);
  k.release(grouped, swapped);
  return dx;
}

function subPixelBackpropInput(original: KernelFunc, strategy: SubPixelStrategy): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const dy = inputOf(args, 'dy');
    const filter = inputOf(args, 'filter');
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrsOf<Conv2DBackpropInputAttrs>(args);
    const filterShape = filter.shape as [number, number, number, number];
    const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
    const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const rows = planAxis(inHeight, outHeight, filterHeight, strideHeight, info.padInfo.top);
    const cols = planAxis(inWidth, outWidth, filterWidth, strideWidth, info.padInfo.left);
    const keepOriginal = (): TensorInfo => k.runFunc(original, args.inputs, args.attrs);
    if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || !rows || !cols) {
      return keepOriginal();
    }
    const chosen = strategy === 'auto' ? chooseStrategy(rows, cols, info.inChannels) : strategy;
    const weights = readValues(k, filter);
    const phases = phasesAsChannels(k, dy, weights, filterShape, rows, cols, chosen);
    if (!phases) return keepOriginal();
    if (strideHeight === 1 && strideWidth === 1) return phases;
    const dx = interleavePhases(k, phases, rows, cols, inputShape);
    k.release(phases);
    return dx;
  };
}

/** Wraps the registered kernel; the strategy is fixed only by the benchmark. */
export function conv2DBackpropInputConfig(strategy: SubPixelStrategy = 'auto'): KernelConfig {
  const original = getKernel(Conv2DBackpropInput, WASM);
  return { ...original, kernelFunc: subPixelBackpropInput(original.kernelFunc, strategy) };
}
