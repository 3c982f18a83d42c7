// Reading a data file into memory, gunzipping it when its first bytes say it
// is gzip (1f 8b), whatever its name: IDX files ship both ways.

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat, describeIoError, fileNotFound } from './dataDiagnostics.js';

export async function readBytes(path: string, hint?: string): Promise<Result<Uint8Array>> {
  try {
    return { value: await readFile(path), diagnostics: [] };
  } catch (error) {
    return { diagnostics: [fileNotFound(path, describeIoError(error), hint)] };
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The file's bytes, decompressed if it is gzip. */
export async function readMaybeGzipped(path: string, hint?: string): Promise<Result<Uint8Array>> {
  const read = await readBytes(path, hint);
  if (!read.value || !isGzip(read.value)) return read;
  try {
    return { value: gunzipSync(read.value), diagnostics: [] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const problem = /unexpected end/i.test(reason)
      ? 'the gzip stream is truncated (unexpected end of file)'
      : `is not a valid gzip file (${reason})`;
    return { diagnostics: [dataFormat(path, problem)] };
  }
}
