// The wasm Sum/Mean override for leading axes (a matrix product with ones)
// against tfjs's cpu kernels, its fall-back cases, and its memory discipline.

import { describe, expect, it } from 'vitest';
import { tf } from '../../../src/numerics/tf.js';
import { leadingAxesReduced } from '../../../src/numerics/kernels/wasm/sumLeadingAxes.js';
import { registerWasmKernels, unregisterWasmKernels } from '../../../src/numerics/kernels/wasm/registerWasmKernels.js';
import { relativeError, runOn, runOnReference, seededTensor, use } from './harness.js';

const TOLERANCE = 1e-6;

async function expectBackendsAgree(compute: () => tf.Tensor[]): Promise<void> {
  const reference = await runOnReference(compute);
  const actual = await runOn('wasm', compute);
  reference.forEach((ref, i) => expect(relativeError(actual[i]!, ref!)).toBeLessThan(TOLERANCE));
}

describe('leadingAxesReduced', () => {
  it('counts exactly-leading axes, short of all of them', () => {
    expect(leadingAxesReduced(4, [0, 1, 2])).toBe(3);
    expect(leadingAxesReduced(4, [2, 0, 1])).toBe(3);
    expect(leadingAxesReduced(2, 0)).toBe(1);
    expect(leadingAxesReduced(3, [-3, -2])).toBe(2);
    expect(leadingAxesReduced(3, [0, 1, 2])).toBe(0);
    expect(leadingAxesReduced(3, [1, 2])).toBe(0);
    expect(leadingAxesReduced(3, [0, 2])).toBe(0);
    expect(leadingAxesReduced(3, [])).toBe(0);
    expect(leadingAxesReduced(3, null)).toBe(0);
  });
});

describe('wasm sum and mean over leading axes match cpu', () => {
  const cases: [string, number[], number | number[], boolean][] = [
    ['conv bias gradient [N, H, W]', [8, 7, 7, 16], [0, 1, 2], false],
    ['dense bias gradient [N]', [32, 48], 0, false],
    ['keepDims (batchnorm moments)', [8, 5, 5, 6], [0, 1, 2], true],
    ['negative axes', [6, 4, 3], [-3, -2], false],
    ['one column left', [64, 1], 0, true],
    ['inner axes (shipped kernel)', [4, 6, 8], [1, 2], false],
    ['all axes (shipped kernel)', [4, 6, 8], [0, 1, 2], false],
  ];
  for (const [label, shape, axis, keepDims] of cases) {
    it(label, async () => {
      await expectBackendsAgree(() => {
        const x = seededTensor(shape, 1);
        return [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims)];
      });
    });
  }

  it('int32 sums keep the shipped kernel', async () => {
    await use('wasm');
    const out = tf.tidy(() => Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0).dataSync()));
    expect(out).toEqual([9, 12]);
  });

  it('gives what the shipped wasm kernel gives, within float32 rounding', async () => {
    await use('wasm');
    const compute = () => tf.tidy(() => Float32Array.from(tf.sum(seededTensor([32, 14, 14, 8], 2), [0, 1, 2]).dataSync() as Float32Array));
    const ours = compute();
    unregisterWasmKernels(['sumLeadingAxes']);
    try {
      expect(relativeError(ours, compute())).toBeLessThan(TOLERANCE);
    } finally {
      registerWasmKernels(['sumLeadingAxes']);
    }
  });

  it('leaves no wasm tensors behind', async () => {
    await use('wasm');
    const step = (): void => tf.tidy(() => void tf.mean(tf.sum(seededTensor([4, 3, 3, 5], 3), [0, 1], true), 0).dataSync());
    step();
    const before = tf.memory().numTensors;
    const dataBefore = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  });
});
