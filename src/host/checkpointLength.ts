// A checkpoint's length against what its header describes, without tfjs:
// `aeganc runs` checks every run's checkpoint this way, and must stay light
// (test/cli/lightCommands.test.ts). checkpoint.ts holds the format itself.

import { open } from 'node:fs/promises';
import { formatBytes } from '../ir/limits.js';

/** The first 8 bytes of a version-2 checkpoint, and of a version-1 one. */
export const MAGIC = 'AEGANCK2';
export const MAGIC_V1 = 'AEGANCK1';
/** A version-2 checkpoint ends with the SHA-256 of what precedes it. */
export const DIGEST_BYTES = 32;

/**
 * Whether a version-2 checkpoint of `size` bytes, starting with `start` (at
 * least its header), is shorter than its header says: a copy or a write cut
 * off. Undefined when it is long enough, or when the header cannot be read
 * (the digest check then names the damage).
 */
export function truncation(start: Uint8Array, size: number): string | undefined {
  if (start.length < 12) return undefined;
  const length = new DataView(start.buffer, start.byteOffset, start.byteLength).getUint32(8, true);
  if (12 + length + DIGEST_BYTES > size) return `the checkpoint is truncated: it is ${formatBytes(size)}, shorter than its own header`;
  if (12 + length > start.length) return undefined;
  let tensors: unknown;
  try {
    tensors = (JSON.parse(new TextDecoder().decode(start.subarray(12, 12 + length))) as { tensors?: unknown } | null)?.tensors;
  } catch {
    return undefined;
  }
  if (!Array.isArray(tensors)) return undefined;
  let values = 0;
  for (const entry of tensors as { offset?: unknown; shape?: unknown }[]) {
    if (typeof entry?.offset !== 'number' || !Array.isArray(entry.shape)) return undefined;
    values = Math.max(values, entry.offset + (entry.shape as number[]).reduce((p, d) => p * d, 1));
  }
  const needed = Math.ceil((12 + length) / 4) * 4 + values * 4 + DIGEST_BYTES;
  return needed > size ? `the checkpoint is truncated: it is ${formatBytes(size)} of the ${formatBytes(needed)} its header describes` : undefined;
}

/** `truncation` of the checkpoint in `file`, reading only its start (up to 1 MiB): cheap enough for `aeganc runs` to do for every run. */
export async function checkpointTruncation(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = new Uint8Array(Math.min(size, 2 ** 20));
    await handle.read(start, 0, start.length, 0);
    const magic = new TextDecoder().decode(start.subarray(0, 8));
    if (magic !== MAGIC && magic !== MAGIC_V1) return 'not an aeganc checkpoint (wrong magic number)';
    return magic === MAGIC ? truncation(start, size) : undefined;
  } finally {
    await handle.close();
  }
}
