import type { Span } from './span.js';

export type Severity = 'error' | 'warning';

/**
 * One finding about a spec. `span` is absent only for findings that are not
 * about a place in a file (a bad `--set` option, say); those name `field`.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span?: Span;
  /** Short text printed after the caret, e.g. the shape that was found. */
  readonly label?: string;
  readonly hint?: string;
  /** Where `span` is absent: the option, path or field the finding is about. */
  readonly field?: string;
}

/** What every stage returns: a value when it could make one, and what it found. */
export interface Result<T> {
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by file, then position, errors before warnings at the same place. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.span?.start.offset ?? -1) - (b.span?.start.offset ?? -1) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.code.localeCompare(b.code),
  );
}
