import type { DataField } from '../ir/types.js';

/**
 * What the runtime needs of a loaded data source; the same shape as
 * `LoadedData` from ./data/loadData.ts: examples as Float32Array of
 * count × prod(shape) (already in the declared range), labels as Int32Array.
 */
export interface DataTable {
  readonly count: number;
  readonly fields: ReadonlyMap<string, Float32Array | Int32Array>;
}

/**
 * A data source as its tables, cursor and batches read it: its index (which
 * seeds its shuffles) and its fields. `DataSource` is one; a generated module
 * carries no more of it (not its path, range or source position).
 */
export interface SourceFields {
  readonly index: number;
  readonly fields: readonly DataField[];
}
