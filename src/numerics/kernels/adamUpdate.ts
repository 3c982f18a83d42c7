// Adam's update of one weight as one kernel on cpu and wasm, instead of the
// twelve elementwise kernels of optimizers.ts's op sequence (96 of the MLP
// autoencoder's 208 kernels per step). The loop computes every operation of
// that sequence in the same order and rounds each result to float32
// (Math.fround): for +, −, ×, ÷ and sqrt of float32 operands, the float64
// result rounded once is the correctly rounded float32 result, which is what
// both backends' own kernels return. So the weights and slots are bit for bit
// those of the op sequence (test/runtime/kernels/adamUpdate.test.ts checks it
// on both backends), and the PyTorch agreement is unchanged.
// Like maxPoolGrad.ts, a loop in JavaScript over the backend's buffers.

import { engine, getKernel, registerKernel, type KernelConfig, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from './kernelCalls.js';
import { CPU, WASM } from './backendNames.js';

/** Our kernel's name in tfjs's registry (no tfjs kernel has it). */
export const ADAM_UPDATE_KERNEL = 'AeganAdamUpdate';

/** The update's constants, as the op sequence passes them (each becomes a float32 scalar there). */
export interface AdamConstants {
  readonly beta1: number;
  readonly beta2: number;
  /** lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ), computed in float64 by the caller. */
  readonly alpha: number;
  readonly epsilon: number;
}

interface AdamAttrs {
  beta1: number;
  beta2: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  alpha: number;
  epsilon: number;
}

/** The wasm backend's own heap views (tfjs-backend-wasm's BackendWasm), where outputs are written in place. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

function adamLoop(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, a: AdamAttrs, outW: Float32Array, outM: Float32Array, outV: Float32Array): void {
  const f = Math.fround;
  const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, alpha, epsilon } = a;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    // m' = add(mul(m, b1), mul(g, 1 - b1));  v' = add(mul(v, b2), mul(square(g), 1 - b2))
    const mi = f(f(m[i]! * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i]! * beta2) + f(f(gi * gi) * oneMinusBeta2));
    // w' = sub(w, div(mul(m', alpha), add(sqrt(v'), eps)))
    outW[i] = w[i]! - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + epsilon));
    outM[i] = mi;
    outV[i] = vi;
  }
}

function adamKernel(backendName: string) {
  return (args: KernelArgs): TensorInfo[] => {
    const [w, g, m, v] = (['weight', 'gradient', 'm', 'v'] as const).map((name) => inputOf(args, name)) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
    const attrs = attrsOf<AdamAttrs>(args);
    const shape = [...w.shape];
    if (backendName === WASM) {
      // Outputs first: allocating may grow the heap, which would detach views taken before.
      const heap = args.backend as unknown as WasmHeap;
      const outputs = [heap.makeOutput(shape, 'float32'), heap.makeOutput(shape, 'float32'), heap.makeOutput(shape, 'float32')];
      const [outW, outM, outV] = outputs.map((t) => heap.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
      adamLoop(heap.typedArrayFromHeap(w), heap.typedArrayFromHeap(g), heap.typedArrayFromHeap(m), heap.typedArrayFromHeap(v), attrs, outW, outM, outV);
      return outputs;
    }
    const k = new KernelCalls(backendName, args);
    const size = w.shape.reduce((p, d) => p * d, 1);
    const [outW, outM, outV] = [new Float32Array(size), new Float32Array(size), new Float32Array(size)];
    adamLoop(k.read(w), k.read(g), k.read(m), k.read(v), attrs, outW, outM, outV);
    return [k.fromValues(outW, shape), k.fromValues(outM, shape), k.fromValues(outV, shape)];
  };
}

function adamUpdateConfig(backendName: string): KernelConfig {
  return { kernelName: ADAM_UPDATE_KERNEL, backendName, kernelFunc: adamKernel(backendName) as unknown as KernelConfig['kernelFunc'] };
}

/**
 * Adam's update of one float32 weight as one kernel, registered on first use,
 * on the cpu and wasm backends; undefined elsewhere (webgpu, tensorflow) or for
 * another dtype, where the caller runs the op sequence. Returns [w', m', v'].
 */
export function fusedAdamUpdate(weight: Tensor, gradient: Tensor, m: Tensor, v: Tensor, c: AdamConstants): [Tensor, Tensor, Tensor] | undefined {
  const backendName = engine().backendName;
  if (backendName !== CPU && backendName !== WASM) return undefined;
  if ([weight, gradient, m, v].some((t) => t.dtype !== 'float32')) return undefined;
  if (!getKernel(ADAM_UPDATE_KERNEL, backendName)) registerKernel(adamUpdateConfig(backendName));
  const f = Math.fround;
  // The op sequence's scalars: each number becomes a float32 scalar (1 − β is taken in float64 first).
  const attrs: AdamAttrs = { beta1: f(c.beta1), beta2: f(c.beta2), oneMinusBeta1: f(1 - c.beta1), oneMinusBeta2: f(1 - c.beta2), alpha: f(c.alpha), epsilon: f(c.epsilon) };
  const out = engine().runKernel(ADAM_UPDATE_KERNEL, { weight, gradient, m, v }, attrs as unknown as NamedAttrMap) as Tensor[];
  return [out[0]!, out[1]!, out[2]!];
}
