// What every source reader returns before the declared fields are checked and
// scaled: the stored values as they are in the file, and what they mean.

export type StoredValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface RawData {
  /** The path (or name) diagnostics about the examples mention. */
  readonly path: string;
  readonly count: number;
  /**
   * The shape of one example as stored. Image sources report [H, W, C]
   * (a single-channel IDX [H, W] becomes [H, W, 1]).
   */
  readonly exampleShape: readonly number[];
  /** How the shape is described in messages: "images" or "rows". */
  readonly exampleNoun: 'images' | 'rows' | 'arrays';
  /** count × prod(exampleShape) values, example after example, C order. */
  readonly examples: StoredValues;
  /** The stored range that maps onto the declared `scale` range (see docs/data.md). */
  readonly storedRange: readonly [number, number];
  /** Class labels, when the source has them. */
  readonly labels?: { readonly values: Int32Array; readonly path: string };
  /** Why the source has no labels, for the diagnostic when one is declared. */
  readonly noLabelsBecause?: string;
}

/** Pixels as bytes: 0..255 is the stored range. */
export const BYTE_RANGE: readonly [number, number] = [0, 255];
/** Values stored as numbers (floats, CSV text): they arrive unchanged under the default scale 0..1. */
export const AS_STORED: readonly [number, number] = [0, 1];
