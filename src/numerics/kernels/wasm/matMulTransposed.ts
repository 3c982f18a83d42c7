// BatchMatMul and _FusedMatMul with transposeA/transposeB on wasm fall back to
// a naive loop (~2 GFLOP/s against ~20 for the plain XNNPACK path), and every
// dense layer's backward pass asks for a transposed operand. Materialising
// the transpose with the Transpose kernel first and then running the original
// kernel untransposed measured 5–10× faster. We wrap the kernels tfjs
// registered rather than reimplement them, so their setup (the wasm bindings)
// still runs.

import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

/** Swaps the last two axes, keeping any batch axes in front. */
function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

export function withMaterialisedTranspose(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const attrs = attrsOf<BatchMatMulAttrs>(args);
    if (!attrs.transposeA && !attrs.transposeB) return k.runFunc(original, args.inputs, args.attrs);

    const temporaries: TensorInfo[] = [];
    const operand = (name: 'a' | 'b', transposed: boolean): TensorInfo => {
      const t = inputOf(args, name);
      if (!transposed) return t;
      const materialised = k.transpose(t, lastTwoSwapped(t.shape.length));
      temporaries.push(materialised);
      return materialised;
    };
    const inputs = { ...args.inputs, a: operand('a', attrs.transposeA), b: operand('b', attrs.transposeB) };
    const out = k.runFunc(original, inputs, { ...args.attrs, transposeA: false, transposeB: false });
    k.release(...temporaries);
    return out;
  };
}
