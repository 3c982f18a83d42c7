/**
 * What the runtime needs of a loaded data source; the same shape as
 * `LoadedData` from ./data/loadData.ts: examples as Float32Array of
 * count × prod(shape) (already in the declared range), labels as Int32Array.
 */
export interface DataTable {
  readonly count: number;
  readonly fields: ReadonlyMap<string, Float32Array | Int32Array>;
}
