import type { SourceRef } from '../ir/types.js';
import type { Span } from '../diagnostics/span.js';

/** A one-character span at an IR source position (the IR keeps line and column only). */
export function spanAt(ref: SourceRef): Span {
  const start = { offset: 0, line: ref.line, column: ref.column };
  return { start, end: { ...start, column: ref.column + 1 } };
}
