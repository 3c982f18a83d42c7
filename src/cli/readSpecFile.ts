// Reading a spec file from the command line: its text, or a diagnostic
// naming the path and why it cannot be read.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { describeIoError } from '../host/ioErrors.js';
import type { CliIo } from './io.js';

/** A spec file's text, or the diagnostic saying why it cannot be read (a usage error). */
export function readSpecFile(io: CliIo, file: string): { readonly text: string } | { readonly problem: Diagnostic } {
  try {
    return { text: readFileSync(resolve(io.cwd, file), 'utf8') };
  } catch (error) {
    return { problem: makeDiagnostic('FileNotFound', file, undefined, { path: file, problem: describeIoError(error) }, { hint: 'check the path; specs end in .aegan' }) };
  }
}
