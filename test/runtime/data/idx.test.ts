import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/host/data/loadData.js';
import { dataSource, exampleField, gzip, idxBytes, labelField, makeTempDir, write } from './fixtures.js';

// Three 2×2 images with pixels 0, 51, 102, 255 and labels 2, 0, 1.
const pixels = [0, 51, 102, 255, 255, 0, 0, 0, 10, 20, 30, 40];
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  write(dir, 'images.idx', idxBytes(0x08, [3, 2, 2], pixels));
  write(dir, 'labels.idx', idxBytes(0x08, [3], [2, 0, 1]));
  write(dir, 'images.idx.gz', gzip(idxBytes(0x08, [3, 2, 2], pixels)));
  write(dir, 'labels-no-suffix', gzip(idxBytes(0x08, [3], [2, 0, 1])));
  write(dir, 'floats.idx', idxBytes(0x0d, [2, 3], [0.5, -1, 2, 3, 4, 5]));
  write(dir, 'two-labels.idx', idxBytes(0x08, [2], [0, 1]));
  write(dir, 'big-label.idx', idxBytes(0x08, [3], [0, 1, 12]));
  write(dir, 'truncated.idx', idxBytes(0x08, [3, 2, 2], pixels).subarray(0, 16 + 5));
  write(dir, 'extra.idx', new Uint8Array([...idxBytes(0x08, [3, 2, 2], pixels), 7, 7]));
  write(dir, 'truncated.gz', gzip(idxBytes(0x08, [3, 2, 2], pixels)).subarray(0, 20));
  write(dir, 'not-idx.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]));
  write(dir, 'big.idx', idxBytes(0x08, [1, 32, 32], new Uint8Array(32 * 32)));
  write(dir, 'nan-floats.idx', idxBytes(0x0d, [2, 3], [0.5, -1, 2, 3, Number.NaN, 5]));
});
afterAll(() => cleanup());

const images = (file: string, labels?: string) => ({ kind: 'idx' as const, images: file, ...(labels ? { labels } : {}) });

describe('idx source', () => {
  it('reads images and labels, mapping 0..255 onto the declared range', async () => {
    const source = dataSource(images('images.idx', 'labels.idx'), [exampleField('x', [2, 2, 1]), labelField('y', 3)], [-1, 1]);
    const { value, diagnostics } = await loadData(source, dir);
    expect(diagnostics).toEqual([]);
    expect(value?.count).toBe(3);
    const x = value!.fields.get('x') as Float32Array;
    expect(x).toBeInstanceOf(Float32Array);
    expect(x[0]).toBe(-1);
    expect(x[1]).toBeCloseTo(-0.6, 6);
    expect(x[3]).toBe(1);
    expect(Array.from(value!.fields.get('y')!)).toEqual([2, 0, 1]);
    expect(value!.fields.get('y')).toBeInstanceOf(Int32Array);
  });

  it('defaults to 0..1 and gunzips by magic bytes, whatever the file is called', async () => {
    const source = dataSource(images('images.idx.gz', 'labels-no-suffix'), [exampleField('x', [4]), labelField('y', 3)]);
    const { value, diagnostics } = await loadData(source, dir);
    expect(diagnostics).toEqual([]);
    expect(value!.fields.get('x')!.subarray(0, 4)).toEqual(Float32Array.from([0, 0.2, 0.4, 1]));
  });

  it('uses float IDX values as stored', async () => {
    const { value } = await loadData(dataSource(images('floats.idx'), [exampleField('v', [3])]), dir);
    expect(Array.from(value!.fields.get('v')!)).toEqual([0.5, -1, 2, 3, 4, 5]);
  });

  it('reports a missing file (E0503) with the path', async () => {
    const { value, diagnostics } = await loadData(dataSource(images('nope.idx'), [exampleField('x', [2, 2, 1])]), dir);
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'E0503', severity: 'error', field: 'data x (line 3)' });
    expect(diagnostics[0].message).toBe(`cannot read ${dir}/nope.idx: no such file or directory`);
  });

  it('reports a wrong magic number, and suggests a swap when the files are swapped', async () => {
    const notIdx = await loadData(dataSource(images('not-idx.bin'), [exampleField('x', [2, 2, 1])]), dir);
    expect(notIdx.diagnostics[0].code).toBe('E0504');
    expect(notIdx.diagnostics[0].message).toBe(
      `${dir}/not-idx.bin: not an IDX file: an IDX images file starts with 0x00000803 (unsigned bytes, 3 dimensions)`,
    );
    const swapped = await loadData(dataSource(images('labels.idx', 'images.idx'), [exampleField('x', [2, 2, 1]), labelField('y', 3)]), dir);
    expect(swapped.diagnostics[0].message).toContain('wrong magic number 0x00000801');
    expect(swapped.diagnostics[0].hint).toContain('swapped');
  });

  it('reports a truncated file with what the header promised', async () => {
    const { diagnostics } = await loadData(dataSource(images('truncated.idx'), [exampleField('x', [2, 2, 1])]), dir);
    expect(diagnostics[0].code).toBe('E0504');
    expect(diagnostics[0].message).toBe(`${dir}/truncated.idx: is truncated: its header promises 3 images of 2×2 (28 bytes), but the file has 21 bytes`);
  });

  it('reports bytes beyond what the header describes', async () => {
    const { diagnostics } = await loadData(dataSource(images('extra.idx'), [exampleField('x', [2, 2, 1])]), dir);
    expect(diagnostics[0].message).toContain('has 2 bytes after the 3 images of 2×2');
  });

  it('reports a truncated gzip stream', async () => {
    const { diagnostics } = await loadData(dataSource(images('truncated.gz'), [exampleField('x', [2, 2, 1])]), dir);
    expect(diagnostics[0].code).toBe('E0504');
    expect(diagnostics[0].message).toContain('truncated');
  });

  it('reports images of another size than declared (E0505)', async () => {
    const { diagnostics } = await loadData(dataSource(images('big.idx'), [exampleField('x', [28, 28, 1])]), dir);
    expect(diagnostics[0].code).toBe('E0505');
    expect(diagnostics[0].message).toBe(`${dir}/big.idx: \`x\` is declared [28, 28, 1], but the file holds 32×32×1 images`);
    expect(diagnostics[0].hint).toBe('declare `x: [32, 32, 1]` or `x: [1024]`');
  });

  it('reports a label count that differs from the image count', async () => {
    const { diagnostics } = await loadData(dataSource(images('images.idx', 'two-labels.idx'), [exampleField('x', [2, 2, 1]), labelField('y', 3)]), dir);
    expect(diagnostics[0].code).toBe('E0505');
    expect(diagnostics[0].message).toBe(`${dir}/two-labels.idx: holds 2 labels, but ${dir}/images.idx holds 3 images`);
  });

  it('reports a label outside class[K]', async () => {
    const { diagnostics } = await loadData(dataSource(images('images.idx', 'big-label.idx'), [exampleField('x', [2, 2, 1]), labelField('y', 10)]), dir);
    expect(diagnostics[0].code).toBe('E0505');
    expect(diagnostics[0].message).toBe(`${dir}/big-label.idx: label 12 of example 2 is outside class[10] (0..9)`);
  });

  it('reports a label field on a source without labels', async () => {
    const { diagnostics } = await loadData(dataSource(images('images.idx'), [exampleField('x', [2, 2, 1]), labelField('y', 3)]), dir);
    expect(diagnostics[0].message).toContain('`y` is a label (class[3]), but the idx source was given no `labels:` file');
  });

  it('rejects a NaN among float IDX values with its position', async () => {
    const { diagnostics } = await loadData(dataSource(images('nan-floats.idx'), [exampleField('x', [3])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0516', message: `${dir}/nan-floats.idx: element [1, 1] (flat index 4, example 1) is NaN` });
  });
});
