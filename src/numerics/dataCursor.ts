import { tf, type Tensor } from './tf.js';
import { mixSeed, mulberry32, permutation, SeedStream } from '../ir/seeds.js';
import type { DataTable, SourceFields } from './dataTable.js';

/** Where a data source's cursor stands: all a checkpoint needs to continue it. */
export interface CursorState {
  /** 0-based epoch whose permutation is being read. */
  readonly epoch: number;
  /** Position in that epoch's permutation of the next batch's first example. */
  readonly position: number;
}

/**
 * Full batches of one data source in a shuffled order (docs/ir.md): epoch e
 * reads the Fisher–Yates permutation drawn by mulberry32(mixSeed(seed, 0, s, e)).
 * When fewer than `batch` examples remain, the epoch ends (they are dropped)
 * and the next batch starts epoch e + 1.
 */
export class DataCursor {
  private epoch: number;
  private position: number;
  private order: Int32Array | undefined;

  constructor(
    private readonly source: SourceFields,
    private readonly table: DataTable,
    private readonly batch: number,
    private readonly seed: number,
    state: CursorState = { epoch: 0, position: 0 },
  ) {
    this.epoch = state.epoch;
    this.position = state.position;
  }

  get state(): CursorState {
    return { epoch: this.epoch, position: this.position };
  }

  /** Passes completed: an epoch counts once no full batch is left in it. */
  get completedEpochs(): number {
    return this.epoch + (this.position + this.batch > this.table.count ? 1 : 0);
  }

  /** Batches in one epoch. */
  get batchesPerEpoch(): number {
    return Math.floor(this.table.count / this.batch);
  }

  /** The example indices of the next batch; advances the cursor. */
  nextIndices(): Int32Array {
    if (this.position + this.batch > this.table.count) {
      this.epoch += 1;
      this.position = 0;
      this.order = undefined;
    }
    this.order ??= permutation(
      this.table.count,
      mulberry32(mixSeed(this.seed, SeedStream.shuffle, this.source.index, this.epoch)),
    );
    const indices = this.order.slice(this.position, this.position + this.batch);
    this.position += this.batch;
    return indices;
  }

  /** The next batch, one tensor per field: [B, ...shape] float32, or [B] int32 labels. */
  nextBatch(): Map<string, Tensor> {
    return gatherBatch(this.source, this.table, this.nextIndices());
  }
}

/** The rows `indices` of every field of `table`, as tensors. */
export function gatherBatch(source: SourceFields, table: DataTable, indices: Int32Array): Map<string, Tensor> {
  const batch = new Map<string, Tensor>();
  for (const field of source.fields) {
    const values = table.fields.get(field.name);
    if (!values) throw new Error(`internal: data field \`${field.name}\` was not loaded`);
    const shape = field.type.kind === 'tensor' ? [...field.type.shape] : [];
    const size = shape.reduce((p, d) => p * d, 1);
    const rows = values instanceof Int32Array ? new Int32Array(indices.length * size) : new Float32Array(indices.length * size);
    indices.forEach((row, i) => rows.set(values.subarray(row * size, (row + 1) * size), i * size));
    batch.set(field.name, tf.tensor(rows, [indices.length, ...shape], rows instanceof Int32Array ? 'int32' : 'float32'));
  }
  return batch;
}
