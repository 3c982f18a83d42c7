// Runs the same computation on two backends and compares the results, the
// way tinygrad's test_ops checks every op against a reference: numerics are
// tested against tfjs's cpu backend, never against themselves.

import { selectBackend } from '../../../src/runtime/backend.js';
import { tf } from '../../../src/runtime/tf.js';

export type BackendName = 'cpu' | 'wasm';

export async function use(backend: BackendName): Promise<void> {
  const result = await selectBackend(backend);
  if (!result.value) throw new Error(`cannot select ${backend}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
}

/** Runs `compute` on `backend` and reads every resulting tensor back. */
export async function runOn(backend: BackendName, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await use(backend);
  return tf.tidy(() => compute().map((t) => t.dataSync() as Float32Array).map((values) => Float32Array.from(values)));
}

/** ‖a − b‖₂ / ‖b‖₂: the error of `a` relative to the reference `b`. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
}

/** Deterministic values in [-1, 1) from a small LCG, so both backends see the same inputs. */
export function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
}
