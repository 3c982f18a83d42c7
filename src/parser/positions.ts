import type { Position, Span } from './ast.js';

/**
 * Turns 0-based offsets into the 1-based line and column of a `Position`.
 *
 * A line ends at `\n` (so `\r\n` works too); a lone `\r` is ordinary
 * whitespace, which keeps lines here in step with how `renderDiagnostic`
 * splits the source. Columns count UTF-16 code units, as editors do.
 */
export class LineMap {
  private readonly lineStarts: readonly number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /** The position of `offset`, clamped into the text so it is always well-formed. */
  position(offset: number): Position {
    const at = Number.isFinite(offset) ? Math.min(Math.max(Math.trunc(offset), 0), this.text.length) : 0;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return { offset: at, line: low + 1, column: at - this.lineStarts[low] + 1 };
  }

  /** The span [start, end); an end before the start collapses onto the start. */
  span(start: number, end: number): Span {
    const from = this.position(start);
    const to = this.position(end);
    return { start: from, end: to.offset < from.offset ? from : to };
  }
}

/** The smallest span covering both `first` and `last`. */
export function joinSpans(first: Span, last: Span): Span {
  return {
    start: first.start.offset <= last.start.offset ? first.start : last.start,
    end: first.end.offset >= last.end.offset ? first.end : last.end,
  };
}
