// Cast to bool on wasm (4.22) copies the low byte of each value instead of
// testing it against zero: 0.5 becomes false, -1 becomes 255, 2 stays 2.
// A cast to bool is NotEqual(x, 0), which wasm computes right. Other casts
// keep the shipped kernel.

import { type CastAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

export function testingCast(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const x = inputOf(args, 'x');
    const { dtype } = attrsOf<CastAttrs>(args);
    if (dtype !== 'bool' || (x.dtype !== 'float32' && x.dtype !== 'int32')) return k.runFunc(original, args.inputs, args.attrs);
    const zero = k.scalar(0, x.dtype);
    const out = k.run('NotEqual', { a: x, b: zero });
    k.release(zero);
    return out;
  };
}
