// OneHot on wasm (4.22) writes int32 values into the output whatever dtype
// was asked for: a float32 one-hot holds the bit pattern of the integer 1,
// which reads as 1.4e-45, and on/off values that are not integers are
// truncated. So every `one_hot`, every `cross_entropy` with class labels and
// every categorical latent used as a vector read as zero on wasm. We let the
// shipped kernel build the 0/1 int32 one-hot it computes correctly, Cast it
// to the requested dtype, or select filled on and off values with it when
// they are not 1 and 0.

import { type KernelFunc, type OneHotAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, KernelCalls, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

export function castingOneHot(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const attrs = attrsOf<OneHotAttrs>(args);
    const { dtype, onValue, offValue } = attrs;
    if (dtype === 'int32' && Number.isInteger(onValue) && Number.isInteger(offValue)) return k.runFunc(original, args.inputs, args.attrs);
    const bits = k.runFunc(original, args.inputs, { ...attrs, dtype: 'int32', onValue: 1, offValue: 0 });
    if (onValue === 1 && offValue === 0) {
      const out = k.run('Cast', { x: bits }, { dtype });
      k.release(bits);
      return out;
    }
    // Select between filled on and off values: exact, as cpu writes them.
    const zero = k.scalar(0, 'int32');
    const condition = k.run('NotEqual', { a: bits, b: zero });
    const on = k.run('Fill', {}, { shape: bits.shape, value: onValue, dtype });
    const off = k.run('Fill', {}, { shape: bits.shape, value: offValue, dtype });
    const out = k.run('Select', { condition, t: on, e: off });
    k.release(bits, zero, condition, on, off);
    return out;
  };
}
