// Identity on wasm (4.22) copies its input into a new buffer. The engine runs
// it for every tensor it saves for the backward pass (tf.clone), so a
// training step copied each layer's activations once more: 28 of the MLP
// autoencoder's kernels per step, ~10% of its kernel time. Tensors are
// immutable, so the output can share the input's buffer, counted by the
// backend's reference count, as tfjs's cpu backend's Identity does. String
// tensors keep the shipped kernel.

import { type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { inputOf, type KernelArgs } from '../kernelCalls.js';


/** The part of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface CountedData {
  incRef(dataId: TensorInfo['dataId']): void;
}

export function sharingIdentity(original: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const x = inputOf(args, 'x');
    if (x.dtype === 'string') return original(args);
    (args.backend as unknown as CountedData).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
