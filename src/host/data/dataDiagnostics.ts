// The three ways data can be wrong, as catalogue diagnostics. Each names the
// path and says what was expected and what was found. Readers leave `field`
// to loadData, which knows which `data` declaration is being loaded.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';

/** A file or folder that cannot be read at all. */
export function fileNotFound(path: string, problem: string, hint?: string): Diagnostic {
  return makeDiagnostic('FileNotFound', path, undefined, { path, problem }, hint ? { hint } : {});
}

/** A file whose bytes are not the format its source promises (magic, truncation, syntax). */
export function dataFormat(path: string, problem: string, hint?: string): Diagnostic {
  return makeDiagnostic('DataFormat', path, undefined, { path, problem }, hint ? { hint } : {});
}

/** Well-formed data that does not fit the declared types (shape, counts, label range). */
export function dataShape(path: string, problem: string, hint?: string): Diagnostic {
  return makeDiagnostic('DataShape', path, undefined, { path, problem }, hint ? { hint } : {});
}

/** `[28, 28, 1]`, the way the checker prints shapes. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** `28×28×1`, the way images are described. */
export function formatDims(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

