// ClipByValue on wasm (4.22) reads its input as float32 whatever its dtype,
// so an int32 tensor is not clipped (clip([10], 0, 5) stays 10). For int32
// we clip with Maximum and Minimum against int32 bounds (truncated, as cpu
// stores a fractional bound into its Int32Array). float32 keeps the shipped
// kernel.

import { type ClipByValueAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

export function int32Clip(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const x = inputOf(args, 'x');
    if (x.dtype !== 'int32') return k.runFunc(original, args.inputs, args.attrs);
    const { clipValueMin, clipValueMax } = attrsOf<ClipByValueAttrs>(args);
    const low = k.scalar(Math.trunc(clipValueMin), 'int32');
    const high = k.scalar(Math.trunc(clipValueMax), 'int32');
    const raised = k.run('Maximum', { a: x, b: low });
    const out = k.run('Minimum', { a: raised, b: high });
    k.release(low, high, raised);
    return out;
  };
}
