// Places in source text. A leaf: every stage points at the spec with these,
// so nothing here imports anything.

/** A position in the source: 0-based offset, 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open range of source text [start, end). */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}
