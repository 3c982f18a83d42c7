// Sum and Mean over leading axes (a bias gradient: dy summed over batch and
// positions; batchnorm's moments) are slow on wasm: the shipped kernels first
// transpose the reduced axes to the end, and wasm's Transpose is slow (~90 ms
// for a [128, 14, 14, 64] bias gradient). Viewed as an [M, C] matrix the same
// sum is ones[1, M] · x[M, C], one XNNPACK matrix product (~20× faster).
// Other reductions (inner axes, all axes, non-float32) keep the shipped kernel.

import { type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

/** How many leading axes `axis` reduces when it is exactly 0..k−1 with k < rank; 0 otherwise. */
export function leadingAxesReduced(rank: number, axis: number | number[] | null): number {
  // tfjs passes null for "every axis".
  if (axis === null || axis === undefined) return 0;
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= rank) return 0;
  return axes.every((a, i) => a === i) ? axes.length : 0;
}

export function leadingReduction(original: KernelFunc, mean: boolean): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const x = inputOf(args, 'x');
    const { axis, keepDims } = attrsOf<Omit<SumAttrs, 'axis'> & { axis: number | number[] | null }>(args);
    const k = new KernelCalls(WASM, args);
    const leading = x.dtype === 'float32' ? leadingAxesReduced(x.shape.length, axis) : 0;
    if (leading === 0) return k.runFunc(original, args.inputs, args.attrs);
    const rows = x.shape.slice(0, leading).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(leading);
    const columns = kept.reduce((a, b) => a * b, 1);
    const matrix = k.reshape(x, [1, rows, columns]);
    const ones = k.run('Fill', {}, { shape: [1, 1, rows], value: 1, dtype: 'float32' });
    const sum = k.run('BatchMatMul', { a: ones, b: matrix }, { transposeA: false, transposeB: false });
    k.release(ones, matrix);
    let total = sum;
    if (mean) {
      const count = k.scalar(rows);
      total = k.run('RealDiv', { a: sum, b: count });
      k.release(sum, count);
    }
    const out = k.reshape(total, keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept);
    k.release(total);
    return out;
  };
}
