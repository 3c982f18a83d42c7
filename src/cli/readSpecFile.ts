// Reading a spec file from the command line: its text, or a diagnostic
// naming the path and why it cannot be read.

import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { formatBytes } from '../ir/limits.js';
import { describeIoError, fileKind } from '../host/ioErrors.js';
import type { CliIo } from './io.js';

/** The largest spec read: specs are a page of text, and /dev/zero-sized files would exhaust memory. */
export const MAX_SPEC_BYTES = 16 * 1024 ** 2;

/**
 * A spec file's text, or the diagnostic saying why it cannot be read (a usage
 * error). Only a regular file is read: a pipe would block, a device need not
 * end. Opened without blocking, so a FIFO is refused rather than waited on.
 */
export function readSpecFile(io: CliIo, file: string): { readonly text: string } | { readonly problem: Diagnostic } {
  const refuse = (problem: string, hint = 'check the path; specs end in .aegan'): { readonly problem: Diagnostic } => ({
    problem: makeDiagnostic('FileNotFound', file, undefined, { path: file, problem }, { hint }),
  });
  let fd: number;
  try {
    fd = openSync(resolve(io.cwd, file), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return refuse(describeIoError(error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return refuse(`it is ${fileKind(stats)}, not a file`, 'name a spec file: devices, pipes and directories are refused because they need not end');
    }
    if (stats.size > MAX_SPEC_BYTES) return refuse(`it is ${formatBytes(stats.size)}, more than the ${formatBytes(MAX_SPEC_BYTES)} a spec may hold`, 'a spec is text; is this the right file?');
    return { text: readFileSync(fd, 'utf8') };
  } catch (error) {
    return refuse(describeIoError(error));
  } finally {
    closeSync(fd);
  }
}
