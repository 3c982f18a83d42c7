// Reading a data file, bounded: it is opened without blocking (a FIFO would
// otherwise wait for a writer), must be a regular file (a device such as
// /dev/zero never ends), and may hold at most MAX_DATA_FILE_BYTES; only the
// size found at open is read, so a file that grows meanwhile cannot push past
// it. gzip is detected by its first bytes (1f 8b), whatever the name: IDX
// files ship both ways, and the decompressed size has the same limit.

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { dataFormat, fileNotFound } from './dataDiagnostics.js';
import { formatBytes } from '../../ir/limits.js';
import { describeIoError, fileKind } from '../ioErrors.js';

/** The most bytes one data file (or one decompressed gzip stream) may hold: 2 GiB. */
export const MAX_DATA_FILE_BYTES = 2 * 1024 ** 3;

const NOT_A_FILE_HINT = 'name a data file: devices, pipes and directories are refused because they need not end';

function tooLarge(path: string, size: number, limit: number): Diagnostic {
  return makeDiagnostic('DataTooLarge', path, undefined, { path, size: formatBytes(size), limit: formatBytes(limit) }, {
    hint: 'split the data into several sources, or store it more compactly (uint8 .npy or IDX instead of CSV text)',
  });
}

/** An open regular data file and its size; the caller closes it. */
export interface OpenDataFile {
  readonly handle: FileHandle;
  readonly size: number;
}

/** Opens `path` for reading if it is a regular file of at most `limit` bytes. */
export async function openDataFile(path: string, hint?: string, limit = MAX_DATA_FILE_BYTES): Promise<Result<OpenDataFile>> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { diagnostics: [fileNotFound(path, describeIoError(error), hint)] };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      return { diagnostics: [makeDiagnostic('DataNotAFile', path, undefined, { path, what: fileKind(stats) }, { hint: NOT_A_FILE_HINT })] };
    }
    if (stats.size > limit) {
      await handle.close();
      return { diagnostics: [tooLarge(path, stats.size, limit)] };
    }
    return { value: { handle, size: stats.size }, diagnostics: [] };
  } catch (error) {
    await handle.close();
    return { diagnostics: [fileNotFound(path, describeIoError(error), hint)] };
  }
}

/** The whole file, read up to the size it had when opened. */
export async function readBytes(path: string, hint?: string, limit = MAX_DATA_FILE_BYTES): Promise<Result<Uint8Array>> {
  const opened = await openDataFile(path, hint, limit);
  if (!opened.value) return { diagnostics: opened.diagnostics };
  const { handle, size } = opened.value;
  try {
    const bytes = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // shrank since it was opened
      filled += bytesRead;
    }
    return { value: filled === size ? bytes : bytes.subarray(0, filled), diagnostics: [] };
  } catch (error) {
    return { diagnostics: [fileNotFound(path, describeIoError(error), hint)] };
  } finally {
    await handle.close();
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The file's bytes, decompressed if it is gzip; either way at most `limit` of them. */
export async function readMaybeGzipped(path: string, hint?: string, limit = MAX_DATA_FILE_BYTES): Promise<Result<Uint8Array>> {
  const read = await readBytes(path, hint, limit);
  if (!read.value || !isGzip(read.value)) return read;
  try {
    return { value: gunzipSync(read.value, { maxOutputLength: limit }), diagnostics: [] };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return { diagnostics: [dataFormat(path, `decompresses to more than ${formatBytes(limit)}, the most a data file may hold`)] };
    }
    const reason = error instanceof Error ? error.message : String(error);
    const problem = /unexpected end/i.test(reason)
      ? 'the gzip stream is truncated (unexpected end of file)'
      : `is not a valid gzip file (${reason})`;
    return { diagnostics: [dataFormat(path, problem)] };
  }
}
