// Composite kernels are built from other kernels of the same backend, called
// directly with the backend (as tfjs's own kernels do), not through tf ops: a
// kernel runs inside the engine, which must not record its inner steps on the
// gradient tape or count them as user tensors. Every intermediate result is
// therefore a bare TensorInfo that the caller must `release`.

import {
  getKernel,
  type DataType,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

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

/** Runs a kernel function (a registered one, or an original we wrap); it must return one tensor. */
export function runKernelFunc(kernelFunc: KernelFunc, args: KernelArgs): TensorInfo {
  const out = kernelFunc(args);
  if (Array.isArray(out)) throw new Error('expected a kernel with one output');
  return out;
}

/** Calls into the kernels registered for one backend, from inside a kernel of that backend. */
export class KernelCalls {
  readonly backend: KernelBackend;

  /** The engine hands kernels the backend as `{}`; the caller knows which backend it is. */
  constructor(
    readonly backendName: string,
    args: KernelArgs,
  ) {
    this.backend = args.backend as KernelBackend;
  }

  run(name: string, inputs: KernelArgs['inputs'], attrs: NamedAttrMap = {}): TensorInfo {
    return runKernelFunc(getKernel(name, this.backendName).kernelFunc, { inputs, backend: this.backend, attrs });
  }

  /** Runs a captured kernel function on this backend. */
  runFunc(kernelFunc: KernelFunc, inputs: KernelArgs['inputs'], attrs: NamedAttrMap = {}): TensorInfo {
    return runKernelFunc(kernelFunc, { inputs, backend: this.backend, attrs });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** A scalar; its values are written as raw bytes, so an int32 one needs an Int32Array. */
  scalar(value: number, dtype: 'float32' | 'int32' = 'float32'): TensorInfo {
    const values = dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value);
    return { dataId: this.backend.write(values, [], dtype), shape: [], dtype };
  }

  /** Frees intermediate tensors. */
  release(...tensors: TensorInfo[]): void {
    for (const t of tensors) this.backend.disposeData(t.dataId);
  }
}

// The calls only some fixes make (the convolution and pool ones) are functions
// beside the class, so that a generated module without those fixes leaves them out.

/** Concat takes its inputs as an array, unlike the named maps of other kernels. */
export function concatKernel(k: KernelCalls, tensors: TensorInfo[], axis: number): TensorInfo {
  return k.run('Concat', tensors as unknown as KernelArgs['inputs'], { axis });
}

/** A new tensor holding `values` (e.g. filters rearranged in JS). */
export function tensorFromValues(k: KernelCalls, values: Float32Array, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  return { dataId: k.backend.write(values, shape, dtype), shape, dtype };
}

/** Reads a tensor's values (a copy). */
export function readValues(k: KernelCalls, t: TensorInfo): Float32Array {
  return k.backend.readSync(t.dataId) as Float32Array;
}
