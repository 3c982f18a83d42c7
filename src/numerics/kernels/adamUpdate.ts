// Adam's update of one weight as one kernel on cpu, and of a small one (a
// bias) on wasm, instead of the twelve elementwise kernels of optimizers.ts's
// op sequence (96 of the MLP autoencoder's 208 kernels per step). The loop computes every operation of
// that sequence in the same order and rounds each result to float32
// (Math.fround): for +, −, ×, ÷ and sqrt of float32 operands, the float64
// result rounded once is the correctly rounded float32 result, which is what
// both backends' own kernels return. So the weights and slots are bit for bit
// those of the op sequence (test/runtime/kernels/adamUpdate.test.ts checks it
// on both backends), and the PyTorch agreement is unchanged.
// Like maxPoolGrad.ts, a loop in JavaScript over the backend's buffers.

import { engine, getKernel, registerKernel, type KernelBackend, type KernelFunc, type NamedAttrMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, type KernelArgs } from './kernelCalls.js';
import { CPU, WASM } from './backendNames.js';

/** Our kernel's name in tfjs's registry (no tfjs kernel has it). */
export const ADAM_UPDATE_KERNEL = 'AeganAdamUpdate';

/**
 * On wasm the loop (~20–40 ns an element here) beats twelve SIMD kernels (~0.15 ms of dispatch, then
 * ~18 ns an element) only on small weights: biases, not matrices. Measured with bench/adamUpdate.ts.
 */
export const WASM_FUSED_ADAM_MAX_SIZE = 4096;

/** The update's constants, as the op sequence passes them (each becomes a float32 scalar there); alpha is lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ) in float64. */
export type AdamConstants = Readonly<Record<'beta1' | 'beta2' | 'alpha' | 'epsilon', number>>;

type AdamAttrs = Record<'beta1' | 'beta2' | 'oneMinusBeta1' | 'oneMinusBeta2' | 'alpha' | 'epsilon', number>;

/** The wasm backend's own heap views (tfjs-backend-wasm's BackendWasm), where outputs are written in place. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** [w, g, m, v] in, [w', m', v'] out. */
function adamLoop([w, g, m, v]: Float32Array[], [outW, outM, outV]: Float32Array[], a: AdamAttrs): void {
  const f = Math.fround;
  // Locals, not property reads of the engine's attrs object, inside the loop.
  const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, alpha, epsilon } = a;
  const size = w!.length;
  for (let i = 0; i < size; i++) {
    const gi = g![i]!;
    // m' = add(mul(m, b1), mul(g, 1 - b1));  v' = add(mul(v, b2), mul(square(g), 1 - b2))
    const mi = f(f(m![i]! * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v![i]! * beta2) + f(f(gi * gi) * oneMinusBeta2));
    // w' = sub(w, div(mul(m', alpha), add(sqrt(v'), eps)))
    outW![i] = w![i]! - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + epsilon));
    outM![i] = mi;
    outV![i] = vi;
  }
}

function adamKernel(backendName: string) {
  return (args: KernelArgs): TensorInfo[] => {
    const inputs = ['weight', 'gradient', 'm', 'v'].map((name) => inputOf(args, name));
    const shape = [...inputs[0]!.shape];
    if (backendName === WASM) {
      // Outputs first: allocating may grow the heap, which would detach views taken before.
      const heap = args.backend as unknown as WasmHeap;
      const outputs = [0, 1, 2].map(() => heap.makeOutput(shape, 'float32'));
      adamLoop(inputs.map((t) => heap.typedArrayFromHeap(t)), outputs.map((t) => heap.typedArrayFromHeap(t)), attrsOf<AdamAttrs>(args));
      return outputs;
    }
    // cpu: read the inputs' values, write new buffers.
    const backend = args.backend as KernelBackend;
    const outputs = [0, 1, 2].map(() => new Float32Array(shape.reduce((p, d) => p * d, 1)));
    adamLoop(inputs.map((t) => backend.readSync(t.dataId) as Float32Array), outputs, attrsOf<AdamAttrs>(args));
    return outputs.map((values) => ({ dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' }));
  };
}

/**
 * Adam's update of one float32 weight as one kernel, registered on first use,
 * on cpu, and on wasm up to WASM_FUSED_ADAM_MAX_SIZE elements; undefined
 * otherwise (webgpu, tensorflow, other dtypes), where the caller runs the op
 * sequence. Returns [w', m', v'].
 */
export function fusedAdamUpdate(weight: Tensor, gradient: Tensor, m: Tensor, v: Tensor, c: AdamConstants): Tensor[] | undefined {
  const backendName = engine().backendName;
  if ((backendName !== CPU && backendName !== WASM) || [weight, gradient, m, v].some((t) => t.dtype !== 'float32')) return undefined;
  if (backendName === WASM && weight.size > WASM_FUSED_ADAM_MAX_SIZE) return undefined;
  if (!getKernel(ADAM_UPDATE_KERNEL, backendName)) registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName, kernelFunc: adamKernel(backendName) as unknown as KernelFunc });
  // The op sequence's scalars: each number becomes a float32 scalar (1 − β is taken in float64 first).
  const f = Math.fround;
  const attrs: AdamAttrs = { beta1: f(c.beta1), beta2: f(c.beta2), oneMinusBeta1: f(1 - c.beta1), oneMinusBeta2: f(1 - c.beta2), alpha: f(c.alpha), epsilon: f(c.epsilon) };
  return engine().runKernel(ADAM_UPDATE_KERNEL, { weight, gradient, m, v }, attrs as unknown as NamedAttrMap) as Tensor[];
}
