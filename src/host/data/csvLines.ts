// The lines of a text file, streamed: only one chunk and the line being
// assembled are held, never the whole text, so a CSV near the size limit
// costs its parsed values and not also its text. A line longer than
// MAX_LINE_BYTES stops the stream (a file with no line breaks would
// otherwise be read whole); text that is not UTF-8 is reported, not guessed.

import type { FileHandle } from 'node:fs/promises';

export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type Line =
  | { readonly kind: 'text'; readonly line: number; readonly text: string }
  | { readonly kind: 'not-utf8'; readonly line: number }
  | { readonly kind: 'too-long'; readonly line: number };

const NEWLINE = 0x0a;

/** Yields each line (1-based, without its `\n` or `\r\n`) of the first `size` bytes; stops after a bad one. */
export async function* readLines(handle: FileHandle, size: number, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunk = new Uint8Array(Math.min(Math.max(size, 1), 1 << 20));
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 1;
  let position = 0;

  const finish = (tail: Uint8Array): Line => {
    const parts = pendingBytes === 0 ? tail : concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    const end = parts.length > 0 && parts[parts.length - 1] === 0x0d ? parts.length - 1 : parts.length;
    try {
      let text = decoder.decode(parts.subarray(0, end));
      if (line === 1) text = text.replace(/^\uFEFF/, '');
      return { kind: 'text', line, text };
    } catch {
      return { kind: 'not-utf8', line };
    }
  };

  while (position < size) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - position), position);
    if (bytesRead === 0) break;
    position += bytesRead;
    let start = 0;
    for (let i = 0; i < bytesRead; i++) {
      if (chunk[i] !== NEWLINE) continue;
      if (pendingBytes + i - start > maxLineBytes) {
        yield { kind: 'too-long', line };
        return;
      }
      const result = finish(chunk.subarray(start, i));
      yield result;
      if (result.kind !== 'text') return;
      line++;
      start = i + 1;
    }
    if (start < bytesRead) {
      pending.push(chunk.slice(start, bytesRead));
      pendingBytes += bytesRead - start;
      if (pendingBytes > maxLineBytes) {
        yield { kind: 'too-long', line };
        return;
      }
    }
  }
  if (pendingBytes > 0) yield finish(new Uint8Array(0));
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
