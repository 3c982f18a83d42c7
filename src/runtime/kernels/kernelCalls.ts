// Composite wasm kernels are built from other wasm kernels, called directly
// with the backend (as tfjs's own kernels do), not through tf ops: a kernel
// runs inside the engine, which must not record its inner steps on the
// gradient tape or count them as user tensors. Every intermediate result is
// therefore a bare TensorInfo that the caller must release with `release`.

import {
  getKernel,
  type DataType,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

export const WASM = 'wasm';

export type KernelArgs = Parameters<KernelFunc>[0];

/** Kernel attrs arrive untyped; each kernel names the tfjs-core attrs interface it reads. */
export function attrsOf<T>(args: KernelArgs): T {
  return (args.attrs ?? {}) as unknown as T;
}

/** A named input the kernel cannot run without (tfjs types them as optional). */
export function inputOf(args: KernelArgs, name: string): TensorInfo {
  const input = args.inputs[name];
  if (!input) throw new Error(`kernel input \`${name}\` is missing`);
  return input;
}

/** The engine hands kernels the backend as `{}`; ours are registered for wasm only. */
export function backendOf(args: KernelArgs): KernelBackend {
  return args.backend as KernelBackend;
}

/** Runs the kernel registered for wasm under `name`; it must return one tensor. */
export function runWasmKernel(
  name: string,
  backend: KernelBackend,
  inputs: KernelArgs['inputs'],
  attrs: NamedAttrMap = {},
): TensorInfo {
  return runKernelFunc(getKernel(name, WASM).kernelFunc, backend, inputs, attrs);
}

/** Runs a captured kernel function (an original we wrap) the same way. */
export function runKernelFunc(
  kernelFunc: KernelFunc,
  backend: KernelBackend,
  inputs: KernelArgs['inputs'],
  attrs: NamedAttrMap = {},
): TensorInfo {
  const out = kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error('expected a kernel with one output');
  return out;
}

/** Frees intermediate tensors made inside a composite kernel. */
export function release(backend: KernelBackend, ...tensors: TensorInfo[]): void {
  for (const t of tensors) backend.disposeData(t.dataId);
}

/** A new tensor on the backend holding `values` (e.g. filters rearranged in JS). */
export function makeTensor(
  backend: KernelBackend,
  values: Float32Array,
  shape: number[],
  dtype: DataType = 'float32',
): TensorInfo {
  return { dataId: backend.write(values, shape, dtype), shape, dtype };
}

export function transpose(backend: KernelBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

export function reshape(backend: KernelBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel('Reshape', backend, { x }, { shape });
}

/** Concat takes its inputs as an array, unlike the named maps of other kernels. */
export function concat(backend: KernelBackend, tensors: TensorInfo[], axis: number): TensorInfo {
  return runKernelFunc(getKernel('Concat', WASM).kernelFunc, backend, tensors as unknown as KernelArgs['inputs'], { axis });
}
