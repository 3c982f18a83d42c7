import { tf, type Tensor } from '../../src/numerics/tf.js';
import type { ForwardContext } from '../../src/numerics/context.js';
import type { DataTable } from '../../src/numerics/dataTable.js';

/** The cpu backend, set once per test file. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A context over explicit weights, for layer and network tests. */
export function contextOf(
  weights: Record<string, Tensor>,
  options: { training?: boolean; state?: Record<string, Tensor> } = {},
): ForwardContext & { written: Map<string, Tensor> } {
  const written = new Map<string, Tensor>();
  return {
    training: options.training ?? false,
    weight: (id) => weights[id]!,
    readState: (id) => written.get(id) ?? options.state?.[id]!,
    writeState: (id, v) => written.set(id, v),
    seed: (slot, call) => 1000 + slot * 10 + call,
    written,
  };
}

/** A deterministic synthetic table: `count` examples of `size` values in 0..1, labels i mod classes. */
export function syntheticTable(count: number, size: number, field = 'x', label?: { name: string; classes: number }): DataTable {
  const values = new Float32Array(count * size);
  let state = 12345;
  for (let i = 0; i < values.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    values[i] = (state >>> 8) / 16777216;
  }
  const fields = new Map<string, Float32Array | Int32Array>([[field, values]]);
  if (label) fields.set(label.name, Int32Array.from({ length: count }, (_, i) => i % label.classes));
  return { count, fields };
}

export function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}
