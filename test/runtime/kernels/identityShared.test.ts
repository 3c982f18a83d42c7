// The wasm Identity override (src/numerics/kernels/wasm/identityShared.ts):
// a clone shares its input's buffer instead of copying it, stays readable
// after the input is disposed, frees the buffer with the last reference, and
// a training gradient (whose tape clones every saved tensor) is unchanged.

import { describe, expect, it } from 'vitest';
import { tf } from '../../../src/numerics/tf.js';
import { registerWasmKernels, unregisterWasmKernels } from '../../../src/numerics/kernels/wasm/registerWasmKernels.js';
import { seededTensor, use } from './harness.js';

function gradientsOfAnMlp(): tf.Tensor[] {
  const x = seededTensor([16, 12], 1);
  const loss = (w1: tf.Tensor, w2: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.sigmoid(tf.matMul(tf.relu(tf.matMul(x, w1)), w2)), x))) as tf.Scalar;
  const { value, grads } = tf.valueAndGrads(loss)([seededTensor([12, 8], 2), seededTensor([8, 12], 3)]);
  return [value, ...grads];
}

describe('Identity on wasm shares the buffer', () => {
  it('a clone reads the same values, outlives its input, and frees the buffer with the last reference', async () => {
    await use('wasm');
    const bytes = tf.memory().numBytes;
    const before = tf.engine().backend.numDataIds();
    const x = tf.tensor([1.5, -2, 3, 0], [2, 2]);
    const y = tf.clone(x);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3, 0]);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });

  it('leaves gradients as the copying kernel gives them, bit for bit', async () => {
    await use('wasm');
    const read = () => tf.tidy(() => gradientsOfAnMlp().map((t) => Array.from(t.dataSync())));
    const shared = read();
    unregisterWasmKernels(['identityShared']);
    try {
      expect(read()).toEqual(shared);
    } finally {
      registerWasmKernels(['identityShared']);
    }
  });

  it('string tensors keep the shipped kernel', async () => {
    await use('wasm');
    const s = tf.tensor(['a', 'bc']);
    expect(tf.clone(s).arraySync()).toEqual(['a', 'bc']);
  });
});
