// Runs the same computation on two backends and compares the results, the
// way tinygrad's test_ops checks every op against a reference: numerics are
// tested against tfjs's cpu backend, never against themselves.

import { selectBackend } from '../../../src/host/backend.js';
import { unregisterCpuKernels } from '../../../src/numerics/kernels/cpu/registerCpuKernels.js';
import { tf } from '../../../src/numerics/tf.js';

export type BackendName = 'cpu' | 'wasm';

export async function use(backend: BackendName): Promise<void> {
  const result = await selectBackend(backend);
  if (!result.value) throw new Error(`cannot select ${backend}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
}

function readAll(compute: () => tf.Tensor[]): Float32Array[] {
  return tf.tidy(() => compute().map((t) => Float32Array.from(t.dataSync() as Float32Array)));
}

/** Runs `compute` on `backend`, with our kernels installed as selectBackend installs them. */
export async function runOn(backend: BackendName, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await use(backend);
  return readAll(compute);
}

/** Runs `compute` on the cpu backend with tfjs's own kernels only: the reference. */
export async function runOnReference(compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await use('cpu');
  unregisterCpuKernels();
  try {
    return readAll(compute);
  } finally {
    await use('cpu'); // reinstalls ours
  }
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
