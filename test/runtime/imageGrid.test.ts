import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { GUTTER_VALUE, gridLayout, writeImageGrid } from '../../src/host/imageGrid.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aeganc-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decode(file: string): PNG & { color: boolean; alpha: boolean } {
  return PNG.sync.read(readFileSync(file));
}

describe('gridLayout', () => {
  it('is near-square with 1px gutters between cells', () => {
    expect(gridLayout(64, 28, 28)).toEqual({ columns: 8, rows: 8, width: 8 * 28 + 7, height: 8 * 28 + 7 });
    expect(gridLayout(5, 2, 3)).toEqual({ columns: 3, rows: 2, width: 11, height: 5 });
    expect(gridLayout(1, 4, 4)).toEqual({ columns: 1, rows: 1, width: 4, height: 4 });
  });
});

describe('writeImageGrid', () => {
  it('writes a grayscale grid, mapping the range to 0..255 with clipping, and leaves no temporary file', async () => {
    // Three 2×2 images in -1..1: image n holds [-1, 0, 1, 2] + n·0.5 (2 and above clip to 255).
    const images = new Float32Array(12);
    for (let n = 0; n < 3; n++) [-1, 0, 1, 2].forEach((v, i) => (images[n * 4 + i] = v + n * 0.5));
    const file = path.join(dir, 'gray.png');
    await writeImageGrid(file, images, 3, [2, 2, 1], [-1, 1]);
    expect(readdirSync(dir).filter((name) => name.startsWith('gray.png'))).toEqual(['gray.png']);
    const png = decode(file);
    expect(png.color).toBe(false);
    expect([png.width, png.height]).toEqual([5, 5]); // 2 columns, 2 rows, 1px gutter
    const at = (x: number, y: number): number => png.data[(y * png.width + x) * 4];
    expect([at(0, 0), at(1, 0), at(0, 1), at(1, 1)]).toEqual([0, 128, 255, 255]);
    expect([at(3, 0), at(4, 0), at(3, 1)]).toEqual([64, 191, 255]); // image 1, to the right
    expect([at(0, 3), at(1, 3)]).toEqual([128, 255]); // image 2, below
    expect(at(2, 0)).toBe(GUTTER_VALUE);
    expect(at(0, 2)).toBe(GUTTER_VALUE);
    expect(at(4, 4)).toBe(GUTTER_VALUE); // the empty fourth cell
  });

  it('writes RGB for three channels', async () => {
    const images = Float32Array.from([1, 0, 0.5, 0, 1, 0]); // two 1×1 images
    const file = path.join(dir, 'rgb.png');
    await writeImageGrid(file, images, 2, [1, 1, 3], [0, 1]);
    const png = decode(file);
    expect(png.color).toBe(true);
    expect([png.width, png.height]).toEqual([3, 1]);
    expect(Array.from(png.data.subarray(0, 3))).toEqual([255, 0, 128]);
    expect(Array.from(png.data.subarray(8, 11))).toEqual([0, 255, 0]);
  });

  it('shows NaN as black and rejects non-image shapes', async () => {
    const file = path.join(dir, 'nan.png');
    await writeImageGrid(file, Float32Array.from([Number.NaN]), 1, [1, 1, 1], [0, 1]);
    expect(decode(file).data[0]).toBe(0);
    await expect(writeImageGrid(file, new Float32Array(784), 1, [784], [0, 1])).rejects.toThrow('[height, width, 1|3|4]');
  });
});
