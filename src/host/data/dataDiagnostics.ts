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

/**
 * What a failed file-system call means, in words: the one errno → text
 * mapping of every command (reading specs, data, runs; writing outputs).
 */
export function describeIoError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'it is a directory, not a file';
    if (code === 'ENOTDIR') return 'not a directory (it, or a folder on its path, is a file)';
    if (code === 'EEXIST') return 'it already exists';
    if (code === 'ENOSPC') return 'no space left on the device';
    if (code === 'EROFS') return 'the file system is read-only';
    if (code === 'EMFILE' || code === 'ENFILE') return 'too many open files';
  }
  return error instanceof Error ? error.message : String(error);
}
