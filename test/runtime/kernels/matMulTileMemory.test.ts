// The transposed-matmul and broadcast-tile overrides against the cpu backend,
// and the discipline of every composite kernel: no wasm memory left behind.

import { describe, expect, it } from 'vitest';
import { getKernel } from '@tensorflow/tfjs-core';
import { tf } from '../../../src/numerics/tf.js';
import { relativeError, runOn, runOnReference, seededTensor, use } from './harness.js';

const TOLERANCE = 1e-5;

async function expectBackendsAgree(compute: () => tf.Tensor[]): Promise<void> {
  const reference = await runOnReference(compute);
  const actual = await runOn('wasm', compute);
  reference.forEach((ref, i) => expect(relativeError(actual[i], ref)).toBeLessThan(TOLERANCE));
}

describe('wasm matMul with transposed operands matches cpu', () => {
  const shapes: [string, number[], number[], boolean, boolean][] = [
    ['aᵀb', [64, 32], [64, 48], true, false],
    ['abᵀ', [32, 64], [48, 64], false, true],
    ['aᵀbᵀ', [64, 32], [48, 64], true, true],
    ['batched aᵀb', [3, 16, 8], [3, 16, 12], true, false],
    ['broadcast batch abᵀ', [3, 8, 16], [1, 12, 16], false, true],
  ];
  for (const [label, aShape, bShape, transposeA, transposeB] of shapes) {
    it(label, async () => {
      await expectBackendsAgree(() => [tf.matMul(seededTensor(aShape, 1), seededTensor(bShape, 2), transposeA, transposeB)]);
    });
  }

  it('fused matMul with bias and relu, transposed', async () => {
    await expectBackendsAgree(() => [
      tf.fused.matMul({
        a: seededTensor([64, 32], 1) as tf.Tensor2D,
        b: seededTensor([48, 64], 2) as tf.Tensor2D,
        transposeA: true,
        transposeB: true,
        bias: seededTensor([48], 3),
        activation: 'relu',
      }),
    ]);
  });

  it('dense-layer gradients (which transpose both ways)', async () => {
    await expectBackendsAgree(() => {
      const x = seededTensor([16, 20], 1);
      const w = seededTensor([20, 10], 2);
      return tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.square(tf.matMul(xs, ws))))([x, w]);
    });
  });
});

describe('wasm tile matches cpu', () => {
  it('a pure broadcast (the fast path)', async () => {
    await expectBackendsAgree(() => [tf.broadcastTo(seededTensor([1, 1, 1, 6], 1), [4, 5, 5, 6]), tf.tile(seededTensor([3, 1, 4], 2), [1, 7, 1])]);
  });

  it('a true repetition (the shipped kernel)', async () => {
    await expectBackendsAgree(() => [tf.tile(seededTensor([2, 3], 1), [2, 3])]);
  });

  it('int32 broadcast', async () => {
    await use('wasm');
    const out = tf.tidy(() => Array.from(tf.broadcastTo(tf.reshape(tf.tensor1d([1, 2], 'int32'), [1, 2]), [3, 2]).dataSync()));
    expect(out).toEqual([1, 2, 1, 2, 1, 2]);
  });
});

describe('composite kernels', () => {
  it('are registered for wasm once the backend is selected', async () => {
    await use('wasm');
    expect(getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it.each(['wasm', 'cpu'] as const)('leave no %s tensors behind', async (backend) => {
    await use(backend);
    const step = (): void =>
      tf.tidy(() => {
        const x = seededTensor([2, 8, 8, 3], 1);
        const w = seededTensor([3, 3, 3, 4], 2);
        const wt = seededTensor([4, 4, 5, 4], 3);
        const [dx, dw, dwt] = tf.grads((xs: tf.Tensor, ws: tf.Tensor, wts: tf.Tensor) => {
          const h = tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 2, 'same');
          const up = tf.conv2dTranspose(h, wts as tf.Tensor4D, [2, 8, 8, 5], 2, 'same');
          const dense = tf.matMul(tf.reshape(up, [2, -1]), tf.ones([320, 3]));
          return tf.sum(tf.mul(tf.broadcastTo(tf.reshape(tf.sum(dense), [1, 1]), [4, 4]), 1));
        })([x, w, wt]);
        void dx.dataSync();
        void dw.dataSync();
        void dwt.dataSync();
      });
    step();
    const before = tf.memory().numTensors;
    const dataBefore = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  });
});
