import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/host/data/loadData.js';
import { dataSource, exampleField, labelField, makeTempDir, pngBytes, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  // Written out of order: the source must sort by name. Each gray image is filled with its own value.
  write(dir, 'gray/b.png', pngBytes(3, 2, 1, () => 255));
  write(dir, 'gray/a.png', pngBytes(3, 2, 1, (x, y) => 10 * (y * 3 + x)));
  write(dir, 'gray/notes.txt', 'not an image');
  write(dir, 'rgb/0.png', pngBytes(2, 2, 3, (x, y, c) => [255, 0, 51][c]));
  write(dir, 'rgba/0.png', pngBytes(2, 2, 4, (x, y, c) => [1, 2, 3, 4][c]));
  write(dir, 'mixed/a.png', pngBytes(4, 4, 1, () => 0));
  write(dir, 'mixed/b.png', pngBytes(5, 4, 1, () => 0));
  write(dir, 'broken/a.png', 'this is not a png');
  write(dir, 'empty/readme.md', '# nothing');
  // A PNG that claims 100000×100000 pixels (40 GB decoded): only its IHDR, which is all the check reads.
  const bomb = new Uint8Array(33);
  bomb.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bomb.buffer).setUint32(16, 100000);
  new DataView(bomb.buffer).setUint32(20, 100000);
  bomb.set([8, 0], 24);
  write(dir, 'bomb/a.png', bomb);
});
afterAll(() => cleanup());

const images = (folder: string) => ({ kind: 'images' as const, dir: folder });

describe('images source', () => {
  it('reads a folder of grayscale PNGs sorted by name, mapping 0..255 onto the range', async () => {
    const { value, diagnostics } = await loadData(dataSource(images('gray'), [exampleField('x', [2, 3, 1])]), dir);
    expect(diagnostics).toEqual([]);
    expect(value?.count).toBe(2);
    const x = value!.fields.get('x')!;
    expect(x.subarray(0, 6)).toEqual(Float32Array.from([0, 10, 20, 30, 40, 50].map((v) => v / 255)));
    expect(Array.from(x.subarray(6))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('reads RGB as three channels, and RGBA as four when declared so', async () => {
    const rgb = await loadData(dataSource(images('rgb'), [exampleField('x', [2, 2, 3])], [-1, 1]), dir);
    expect(rgb.diagnostics).toEqual([]);
    expect(Array.from(rgb.value!.fields.get('x')!.subarray(0, 3))).toEqual([1, -1, -0.6000000238418579]);
    const rgba = await loadData(dataSource(images('rgba'), [exampleField('x', [2, 2, 4])], [0, 255]), dir);
    expect(Array.from(rgba.value!.fields.get('x')!.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    const dropAlpha = await loadData(dataSource(images('rgba'), [exampleField('x', [2, 2, 3])], [0, 255]), dir);
    expect(Array.from(dropAlpha.value!.fields.get('x')!.subarray(0, 3))).toEqual([1, 2, 3]);
  });

  it('reports the first image whose size or channels differ from the declared type', async () => {
    const size = await loadData(dataSource(images('mixed'), [exampleField('x', [4, 4, 1])]), dir);
    expect(size.diagnostics[0]).toMatchObject({
      code: 'E0505',
      message: `${dir}/mixed/b.png: the declared type is [4, 4, 1], but this image is 4×5×1 (height×width×channels)`,
    });
    const channels = await loadData(dataSource(images('gray'), [exampleField('x', [2, 3, 3])]), dir);
    expect(channels.diagnostics[0].message).toBe(`${dir}/gray/a.png: the declared type is [2, 3, 3], but this image is 2×3×1 (height×width×channels)`);
  });

  it('reports an unreadable PNG, an empty folder and a missing one', async () => {
    const broken = await loadData(dataSource(images('broken'), [exampleField('x', [2, 2, 1])]), dir);
    expect(broken.diagnostics[0].code).toBe('E0504');
    expect(broken.diagnostics[0].message).toContain(`${dir}/broken/a.png: is not a readable PNG`);
    const empty = await loadData(dataSource(images('empty'), [exampleField('x', [2, 2, 1])]), dir);
    expect(empty.diagnostics[0].message).toBe(`${dir}/empty: holds no .png files`);
    const missing = await loadData(dataSource(images('missing'), [exampleField('x', [2, 2, 1])]), dir);
    expect(missing.diagnostics[0]).toMatchObject({ code: 'E0503', message: `cannot read ${dir}/missing: no such file or directory` });
  });

  it('reports a non-image declared type and a label field', async () => {
    const flat = await loadData(dataSource(images('gray'), [exampleField('x', [6])]), dir);
    expect(flat.diagnostics[0].message).toContain('images() gives [height, width, channels] examples, but the declared type is [6]');
    const label = await loadData(dataSource(images('gray'), [exampleField('x', [2, 3, 1]), labelField('y', 2)]), dir);
    expect(label.diagnostics[0].message).toContain('an images() folder holds no labels');
  });

  it('checks a PNG\'s size from its header before decoding it', async () => {
    const { diagnostics } = await loadData(dataSource(images('bomb'), [exampleField('x', [2, 2, 1])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0505', message: `${dir}/bomb/a.png: the declared type is [2, 2, 1], but this image is 100000×100000×1 (height×width×channels)` });
  });
});
