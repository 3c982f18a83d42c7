import { tf } from './tf.js';
import type { Trainer, TrainerCounters } from './trainer.js';
import type { TensorStore } from './tensorStore.js';
import { isCount, isListOf, isNumber, isObject, isOneOf, isString } from './jsonShape.js';

// A checkpoint holds everything a run needs to continue exactly: every
// weight, state tensor (moving statistics, spectral `u`), optimizer slot and
// EMA average, plus the counters from which every seed and data order is
// derived (iteration, step executions, optimizer update counts, cursors).
//
// File layout (little-endian): the 8 bytes "AEGANCK1", a uint32 header
// length, the JSON header (`CheckpointHeader`), zero padding to a multiple
// of 4, then each tensor's float32 or int32 values in header order.

const MAGIC = 'AEGANCK1';

/** The stores of a trainer, by the prefix their tensors carry in a checkpoint. */
const STORES = ['weight', 'state', 'slot', 'ema'] as const;
type StoreName = (typeof STORES)[number];

export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  /** Offset in values (not bytes) from the start of the data section. */
  readonly offset: number;
}

export interface CheckpointHeader {
  readonly format: 'aeganc-checkpoint';
  readonly version: 1;
  readonly model: string;
  readonly seed: number;
  readonly counters: TrainerCounters;
  readonly tensors: readonly TensorEntry[];
}

/** What a header must hold, checked before any of it is used. */
const headerShape = isObject({
  format: isOneOf('aeganc-checkpoint'),
  version: isOneOf(1),
  model: isString,
  seed: isNumber,
  counters: isObject({
    iteration: isCount,
    executions: isCount,
    updates: isListOf(isCount),
    cursors: isListOf(isObject({ epoch: isCount, position: isCount })),
  }),
  tensors: isListOf(isObject({ name: isString, shape: isListOf(isCount), dtype: isOneOf('float32', 'int32'), offset: isCount })),
});

export interface Checkpoint {
  readonly header: CheckpointHeader;
  readonly values: ReadonlyMap<string, Float32Array | Int32Array>;
}

function storeOf(trainer: Trainer, name: StoreName): TensorStore {
  switch (name) {
    case 'weight':
      return trainer.weights;
    case 'state':
      return trainer.state;
    case 'slot':
      return trainer.slots;
    case 'ema':
      return trainer.ema;
  }
}

/** Reads every tensor of `trainer` (awaiting the backend) into a checkpoint. */
export async function snapshot(trainer: Trainer): Promise<Checkpoint> {
  const values = new Map<string, Float32Array | Int32Array>();
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const storeName of STORES) {
    const store = storeOf(trainer, storeName);
    for (const id of store.ids()) {
      const tensor = store.get(id);
      const data = (await tensor.data()) as Float32Array | Int32Array;
      const name = `${storeName}:${id}`;
      const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
      tensors.push({ name, shape: tensor.shape, dtype, offset });
      values.set(name, data);
      offset += data.length;
    }
  }
  const header: CheckpointHeader = {
    format: 'aeganc-checkpoint',
    version: 1,
    model: trainer.ir.name,
    seed: trainer.ir.train.seed,
    counters: trainer.counters,
    tensors,
  };
  return { header, values };
}

/**
 * Puts a checkpoint's tensors and counters into `trainer`. Returns a problem
 * description when the checkpoint does not fit the trainer's module (a
 * missing tensor or another shape), and changes nothing then.
 */
export function restore(trainer: Trainer, checkpoint: Checkpoint): string | undefined {
  const { header } = checkpoint;
  if (header.model !== trainer.ir.name) {
    return `it was written by model \`${header.model}\`, but the spec is model \`${trainer.ir.name}\``;
  }
  if (header.counters.cursors.length !== trainer.ir.data.length) {
    return `it has ${header.counters.cursors.length} data cursor(s), but the spec has ${trainer.ir.data.length} data source(s)`;
  }
  if (header.counters.updates.length !== trainer.ir.train.steps.length) {
    return `it counts updates of ${header.counters.updates.length} step(s), but the spec has ${trainer.ir.train.steps.length}`;
  }
  const entries = new Map(checkpoint.header.tensors.map((t) => [t.name, t] as const));
  for (const storeName of STORES) {
    const store = storeOf(trainer, storeName);
    for (const id of store.ids()) {
      const entry = entries.get(`${storeName}:${id}`);
      if (!entry) return `it has no ${storeName} \`${id}\``;
      const expected = store.get(id).shape;
      if (entry.shape.join(',') !== expected.join(',')) {
        return `${storeName} \`${id}\` is [${entry.shape.join(', ')}] there but [${expected.join(', ')}] in the spec`;
      }
    }
  }
  for (const storeName of STORES) {
    const store = storeOf(trainer, storeName);
    for (const id of store.ids()) {
      const entry = entries.get(`${storeName}:${id}`)!;
      store.set(id, tf.tensor(checkpoint.values.get(entry.name)!, [...entry.shape], entry.dtype));
    }
  }
  trainer.restoreCounters(checkpoint.header.counters);
  return undefined;
}

export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(checkpoint.header));
  const headerEnd = 12 + json.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const total = checkpoint.header.tensors.reduce((sum, t) => sum + checkpoint.values.get(t.name)!.length, 0);
  const bytes = new Uint8Array(dataStart + total * 4);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  for (const entry of checkpoint.header.tensors) {
    const data = checkpoint.values.get(entry.name)!;
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataStart + entry.offset * 4);
  }
  return bytes;
}

/** Parses a checkpoint file; a string says what is wrong with it. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint | string {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    return 'not an aeganc checkpoint (wrong magic number)';
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) return 'the checkpoint is truncated';
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  } catch {
    return 'the checkpoint header is not valid JSON';
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if ((parsed as { format?: unknown } | null)?.format === 'aeganc-checkpoint' && version !== 1) {
    return `unsupported checkpoint version ${JSON.stringify(version)} (this aeganc reads version 1)`;
  }
  const shapeProblem = headerShape(parsed, '');
  if (shapeProblem) return `the checkpoint header is damaged: ${shapeProblem}`;
  const header = parsed as CheckpointHeader;
  const dataStart = Math.ceil((12 + length) / 4) * 4;
  const values = new Map<string, Float32Array | Int32Array>();
  for (const entry of header.tensors) {
    const count = entry.shape.reduce((p, d) => p * d, 1);
    const start = dataStart + entry.offset * 4;
    if (start + count * 4 > bytes.length) return 'the checkpoint is truncated';
    // Copy: the file's buffer may not be 4-byte aligned at this offset (and a
    // Node Buffer's slice shares its pool, so copy explicitly).
    const raw = new Uint8Array(count * 4);
    raw.set(bytes.subarray(start, start + count * 4));
    values.set(entry.name, entry.dtype === 'int32' ? new Int32Array(raw.buffer) : new Float32Array(raw.buffer));
  }
  return { header, values };
}
