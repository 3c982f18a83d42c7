// The fused Adam kernel (src/numerics/kernels/adamUpdate.ts) against the op
// sequence it replaces, written out here with tfjs ops and run with the same
// backend's own elementwise kernels: bit for bit equal weights and slots, on
// cpu and on wasm, across update counts, hyperparameters and awkward values
// (zeros, subnormal second moments, large gradients). The op sequence itself
// is checked against PyTorch by test/pytorch and test/numerics.

import { describe, expect, it } from 'vitest';
import { tf } from '../../../src/numerics/tf.js';
import { updateRule } from '../../../src/numerics/optimizers.js';
import { ADAM_UPDATE_KERNEL, WASM_FUSED_ADAM_MAX_SIZE } from '../../../src/numerics/kernels/adamUpdate.js';
import type { Optimizer } from '../../../src/ir/types.js';
import { seededValues, use, type BackendName } from './harness.js';

type Adam = Extract<Optimizer, { kind: 'adam' }>;

/** optimizers.ts's documented op sequence, op by op. */
function opSequence(o: Adam, w: tf.Tensor, g: tf.Tensor, m0: tf.Tensor, v0: tf.Tensor, t: number): tf.Tensor[] {
  const m = tf.add(tf.mul(m0, o.beta1), tf.mul(g, 1 - o.beta1));
  const v = tf.add(tf.mul(v0, o.beta2), tf.mul(tf.square(g), 1 - o.beta2));
  const alpha = (o.lr * Math.sqrt(1 - Math.pow(o.beta2, t))) / (1 - Math.pow(o.beta1, t));
  return [tf.sub(w, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), o.epsilon))), m, v];
}

/** Values in [-scale, scale), with exact zeros and tiny magnitudes mixed in. */
function awkward(count: number, seed: number, scale: number): Float32Array {
  const out = seededValues(count, seed).map((x) => x * scale);
  for (let i = 0; i < count; i += 7) out[i] = 0;
  for (let i = 3; i < count; i += 11) out[i] = out[i]! * 1e-22;
  return out;
}

const OPTIMIZERS: Adam[] = [
  { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 },
  { kind: 'adam', lr: 0.1, beta1: 0.0, beta2: 0.99, epsilon: 1e-3 },
];

async function compare(backend: BackendName): Promise<void> {
  await use(backend);
  // Odd, and under the size up to which wasm runs the fused kernel.
  const n = WASM_FUSED_ADAM_MAX_SIZE - 3;
  for (const [k, o] of OPTIMIZERS.entries()) {
    for (const t of [1, 2, 17, 5000]) {
      tf.tidy(() => {
        const w = tf.tensor(awkward(n, 11 + k, 3), [n]);
        const g = tf.tensor(awkward(n, 23 + t, 1e3), [n]);
        const m = tf.tensor(awkward(n, 37 + t, 1), [n]);
        const v = tf.tensor(awkward(n, 41 + k, 1).map(Math.abs), [n]);
        const expected = opSequence(o, w, g, m, v, t).map((x) => Array.from(x.dataSync()));
        const fused = updateRule(o).apply(w, g, [m, v], t, o.lr);
        const actual = [fused.weight, ...fused.slots].map((x) => Array.from(x.dataSync()));
        // toEqual tells -0 from 0 and compares NaN as equal: bit-level agreement for float32 values.
        expect(actual).toEqual(expected);
      });
    }
  }
}

describe('fused Adam update', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`equals the op sequence bit for bit on ${backend}`, async () => {
      await compare(backend);
    });

    it(`is one kernel per weight on ${backend}, leaking nothing`, async () => {
      await use(backend);
      const o = OPTIMIZERS[0]!;
      const [w, g, m, v] = [1, 2, 3, 4].map((s) => tf.tensor(seededValues(64 * 32, s).map(Math.abs), [64, 32]));
      const before = tf.memory().numTensors;
      let result: tf.Tensor[] = [];
      const profile = await tf.profile(() => {
        const r = updateRule(o).apply(w!, g!, [m!, v!], 3, o.lr);
        result = [r.weight, ...r.slots];
        return result;
      });
      expect(profile.kernels.map((k) => k.name)).toEqual([ADAM_UPDATE_KERNEL]);
      expect(result.map((r) => r.shape)).toEqual([[64, 32], [64, 32], [64, 32]]);
      tf.dispose(result);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([w!, g!, m!, v!]);
    });
  }

  it('leaves a large weight on wasm to the op sequence (faster there), a large one on cpu fused', async () => {
    const o = OPTIMIZERS[0]!;
    const size = WASM_FUSED_ADAM_MAX_SIZE + 1;
    for (const [backend, kernels] of [['wasm', 12], ['cpu', 1]] as const) {
      await use(backend);
      const [w, g, m, v] = [1, 2, 3, 4].map((s) => tf.tensor(seededValues(size, s).map(Math.abs), [size]));
      let result: tf.Tensor[] = [];
      const profile = await tf.profile(() => {
        const r = updateRule(o).apply(w!, g!, [m!, v!], 3, o.lr);
        result = [r.weight, ...r.slots];
        return result;
      });
      expect(profile.kernels.length, backend).toBe(kernels);
      tf.dispose([w!, g!, m!, v!, ...result]);
    }
  });
});
