// Data files are read bounded: regular files only (never a device, pipe or
// directory), at most MAX_DATA_FILE_BYTES, gzip decompressed to at most as
// much, CSV streamed with a cap on the line length. `csv("/dev/zero")` once
// grew to 10.7 GB in 60 s; each of these returns a diagnostic at once.

import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLines } from '../../../src/host/data/csvLines.js';
import { loadData } from '../../../src/host/data/loadData.js';
import { MAX_DATA_FILE_BYTES, readMaybeGzipped } from '../../../src/host/data/readBytes.js';
import { formatBytes } from '../../../src/ir/limits.js';
import { dataSource, exampleField, gzip, makeTempDir, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
  mkdirSync(path.join(dir, 'folder.csv'));
  // A sparse file: 3 GiB by its size, no blocks on disk.
  writeFileSync(path.join(dir, 'huge.npy'), '');
  truncateSync(path.join(dir, 'huge.npy'), 3 * 1024 ** 3);
  write(dir, 'bomb.gz', gzip(new Uint8Array(100_000)));
});
afterAll(() => cleanup());

const csv = (file: string) => ({ kind: 'csv' as const, path: file });
const npy = (file: string) => ({ kind: 'npy' as const, path: file });
const idx = (images: string) => ({ kind: 'idx' as const, images });

describe('data file limits', () => {
  it('refuses a character device instead of reading it forever', async () => {
    for (const spec of [csv('/dev/zero'), npy('/dev/zero'), idx('/dev/zero')]) {
      const { diagnostics } = await loadData(dataSource(spec, [exampleField('x', [1])]), dir);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'E0512', file: '/dev/zero', message: 'cannot read /dev/zero: it is a character device, not a regular file' });
    }
  }, 5000);

  it('refuses a named pipe without waiting for a writer, and a directory', async () => {
    const pipe = await loadData(dataSource(csv('pipe.csv'), [exampleField('x', [1])]), dir);
    expect(pipe.diagnostics[0]).toMatchObject({ code: 'E0512', message: `cannot read ${dir}/pipe.csv: it is a named pipe (FIFO), not a regular file` });
    const folder = await loadData(dataSource(csv('folder.csv'), [exampleField('x', [1])]), dir);
    expect(folder.diagnostics[0]).toMatchObject({ code: 'E0512', message: `cannot read ${dir}/folder.csv: it is a directory, not a regular file` });
  }, 5000);

  it('refuses a file over the 2 GiB limit before reading any of it', async () => {
    expect(formatBytes(MAX_DATA_FILE_BYTES)).toBe('2 GiB');
    const { diagnostics } = await loadData(dataSource(npy('huge.npy'), [exampleField('x', [1])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0513', message: `cannot read ${dir}/huge.npy: it is 3 GiB, more than the 2 GiB a data file may hold` });
  }, 5000);

  it('stops decompressing gzip at the limit', async () => {
    const { diagnostics } = await readMaybeGzipped(path.join(dir, 'bomb.gz'), undefined, 1000);
    expect(diagnostics[0]).toMatchObject({ code: 'E0504', message: `${dir}/bomb.gz: decompresses to more than 1000 bytes, the most a data file may hold` });
    const ok = await readMaybeGzipped(path.join(dir, 'bomb.gz'), undefined, 100_000);
    expect(ok.value?.length).toBe(100_000);
  });

  it('streams a CSV larger than one read chunk, CRLF line ends and all', async () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => `${i},${i % 7}`);
    const file = write(dir, 'long.csv', `a,b\r\n${rows.join('\r\n')}\r\n`);
    const { value, diagnostics } = await loadData(dataSource(csv('long.csv'), [exampleField('x', [2])]), dir);
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(150_000);
    expect(Array.from(value!.fields.get('x')!.subarray(2 * 149_999))).toEqual([149_999, 149_999 % 7]);

    expect(file).toContain('long.csv');
  });

  it('gives up on a line longer than the cap instead of assembling it', async () => {
    const read = async (text: string, cap: number) => {
      const file = write(dir, 'lines.txt', text);
      const handle = await open(file);
      const lines = [];
      for await (const line of readLines(handle, (await handle.stat()).size, cap)) lines.push(line);
      await handle.close();
      return lines;
    };
    expect(await read(`a,b\n${'9'.repeat(100)}\n1,2\n`, 64)).toEqual([{ kind: 'text', line: 1, text: 'a,b' }, { kind: 'too-long', line: 2 }]);
    // No line break at all, across several 1 MiB chunks.
    expect(await read('x'.repeat(3 * 1024 * 1024), 1024 * 1024)).toEqual([{ kind: 'too-long', line: 1 }]);
    expect(await read('\uFEFFa\r\nb', 64)).toEqual([{ kind: 'text', line: 1, text: 'a' }, { kind: 'text', line: 2, text: 'b' }]);
  });
});
