import type { Span } from '../parser/ast.js';

/** Where an IR node came from in the spec: the start of its span. */
export function sourceOf(span: Span): { line: number; column: number } {
  return { line: span.start.line, column: span.start.column };
}
