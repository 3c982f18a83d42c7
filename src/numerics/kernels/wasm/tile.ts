// Tile on wasm is slow (~100 ms for the broadcast the batchnorm gradient
// makes, since tf.broadcastTo is a Tile). When every repeated axis has size 1
// the tile is a pure broadcast, which a Fill of zeros plus a broadcasting Add
// computes at memory speed. Other tiles keep the shipped kernel.

import { type KernelFunc, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import { attrsOf, inputOf, KernelCalls, type KernelArgs } from '../kernelCalls.js';
import { WASM } from '../backendNames.js';

function isPureBroadcast(shape: readonly number[], reps: readonly number[]): boolean {
  return shape.every((size, axis) => reps[axis] === 1 || size === 1);
}

export function broadcastingTile(original: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo => {
    const k = new KernelCalls(WASM, args);
    const x = inputOf(args, 'x');
    const { reps } = attrsOf<TileAttrs>(args);
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || !isPureBroadcast(x.shape, reps)) {
      return k.runFunc(original, args.inputs, args.attrs);
    }
    const shape = x.shape.map((size, axis) => size * reps[axis]);
    const zeros = k.run('Fill', {}, { shape, value: 0, dtype: x.dtype });
    const out = k.run('Add', { a: zeros, b: x });
    k.release(zeros);
    return out;
  };
}
