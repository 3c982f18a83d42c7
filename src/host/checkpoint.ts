import { createHash } from 'node:crypto';
import { tf } from '../numerics/tf.js';
import type { Trainer, TrainerCounters } from '../numerics/trainer.js';
import type { TensorStore } from '../numerics/tensorStore.js';
import { isCount, isListOf, isNumber, isObject, isOneOf, isString } from '../numerics/jsonShape.js';
import { DIGEST_BYTES, MAGIC, MAGIC_V1, truncation } from './checkpointLength.js';

// A checkpoint holds everything a run needs to continue exactly: every
// weight, state tensor (moving statistics, spectral `u`), optimizer slot and
// EMA average, plus the counters from which every seed and data order is
// derived (iteration, step executions, optimizer update counts, cursors).
//
// File layout (little-endian): the 8 bytes "AEGANCK2", a uint32 header
// length, the JSON header (`CheckpointHeader`), zero padding to a multiple
// of 4, each tensor's float32 or int32 values in header order, then the
// SHA-256 of everything before it (32 bytes). The digest is checked before
// any byte is trusted: a flipped bit anywhere is reported, never resumed.
// Version 1 files ("AEGANCK1", header version 1) are the same without the
// digest; they are still read, unchecked.


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
  readonly version: 1 | 2;
  readonly model: string;
  readonly seed: number;
  readonly counters: TrainerCounters;
  readonly tensors: readonly TensorEntry[];
}

/** What a header must hold, checked before any of it is used. */
const headerShape = isObject({
  format: isOneOf('aeganc-checkpoint'),
  version: isOneOf(1, 2),
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
    version: 2,
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

/** The SHA-256 of `body`, the digest a checkpoint file ends with. */
function digestOf(body: Uint8Array): Uint8Array {
  return createHash('sha256').update(body).digest();
}

/** `body` (a checkpoint without its digest) followed by its digest. */
export function sealCheckpoint(body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(body.length + DIGEST_BYTES);
  bytes.set(body, 0);
  bytes.set(digestOf(body), body.length);
  return bytes;
}

export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(checkpoint.header));
  const headerEnd = 12 + json.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const total = checkpoint.header.tensors.reduce((sum, t) => sum + checkpoint.values.get(t.name)!.length, 0);
  const body = new Uint8Array(dataStart + total * 4);
  body.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(body.buffer).setUint32(8, json.length, true);
  body.set(json, 12);
  for (const entry of checkpoint.header.tensors) {
    const data = checkpoint.values.get(entry.name)!;
    body.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataStart + entry.offset * 4);
  }
  return sealCheckpoint(body);
}

/** Why a checkpoint file cannot be used; `checksum` when its digest does not match (E0510). */
export interface CheckpointProblem {
  readonly problem: string;
  readonly checksum?: true;
}

/** Parses a checkpoint file; a string says what is wrong with it (see `decodeCheckpointChecked` for the checksum). */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint | string {
  const decoded = decodeCheckpointChecked(bytes);
  return 'problem' in decoded ? decoded.problem : decoded;
}

/** Parses a checkpoint file, verifying its digest first (version 2); the problem when it cannot be used. */
export function decodeCheckpointChecked(bytes: Uint8Array): Checkpoint | CheckpointProblem {
  const magic = bytes.length >= 12 ? new TextDecoder().decode(bytes.subarray(0, 8)) : '';
  if (magic !== MAGIC && magic !== MAGIC_V1) return { problem: 'not an aeganc checkpoint (wrong magic number)' };
  let body = bytes;
  if (magic === MAGIC) {
    if (bytes.length < 12 + DIGEST_BYTES) return { problem: 'the checkpoint is truncated' };
    // Named before the digest, which a cut-off file fails too, saying less.
    const cut = truncation(bytes, bytes.length);
    if (cut) return { problem: cut };
    body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
    const stored = Buffer.from(bytes.buffer, bytes.byteOffset + body.length, DIGEST_BYTES);
    const actual = Buffer.from(digestOf(body));
    if (!actual.equals(stored)) {
      return { problem: `its SHA-256 is ${actual.toString('hex').slice(0, 16)}…, the file records ${stored.toString('hex').slice(0, 16)}…`, checksum: true };
    }
  }
  const problem = (text: string): CheckpointProblem => ({ problem: text });
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > body.length) return problem('the checkpoint is truncated');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body.subarray(12, 12 + length)));
  } catch {
    return problem('the checkpoint header is not valid JSON');
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  const expected = magic === MAGIC ? 2 : 1;
  if ((parsed as { format?: unknown } | null)?.format === 'aeganc-checkpoint' && version !== expected) {
    return problem(
      version === 1 || version === 2
        ? `the header says version ${version}, but the file starts like version ${expected}`
        : `unsupported checkpoint version ${JSON.stringify(version)} (this aeganc reads versions 1 and 2)`,
    );
  }
  const shapeProblem = headerShape(parsed, '');
  if (shapeProblem) return problem(`the checkpoint header is damaged: ${shapeProblem}`);
  const header = parsed as CheckpointHeader;
  const dataStart = Math.ceil((12 + length) / 4) * 4;
  const values = new Map<string, Float32Array | Int32Array>();
  for (const entry of header.tensors) {
    const count = entry.shape.reduce((p, d) => p * d, 1);
    const start = dataStart + entry.offset * 4;
    if (start + count * 4 > body.length) return problem('the checkpoint is truncated');
    // Copy: the file's buffer may not be 4-byte aligned at this offset (and a
    // Node Buffer's slice shares its pool, so copy explicitly).
    const raw = new Uint8Array(count * 4);
    raw.set(body.subarray(start, start + count * 4));
    values.set(entry.name, entry.dtype === 'int32' ? new Int32Array(raw.buffer) : new Float32Array(raw.buffer));
  }
  return { header, values };
}
