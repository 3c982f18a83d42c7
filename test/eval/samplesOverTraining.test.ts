// Sample grids read back into images: a grid written by writeImageGrid (as
// training writes them) is cut into the same images within one grey level,
// its empty cells left out; a grid of another cell size is refused.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { writeImageGrid } from '../../src/host/imageGrid.js';
import { gridImages } from '../../src/host/eval/samplesOverTraining.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'aeganc-grids-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('gridImages', () => {
  it('reads back the images of a grid, leaving out the empty cells of its short last row', async () => {
    const count = 10; // 4 columns, 3 rows: two empty cells
    const images = Float32Array.from({ length: count * 784 }, (_, i) => Math.sin(i * 0.37));
    const file = path.join(dir, 'step-000001.png');
    await writeImageGrid(file, images, count, [28, 28, 1], [-1, 1]);
    const read = gridImages(PNG.sync.read(await readFile(file)));
    expect(read?.count).toBe(count);
    let worst = 0;
    for (let i = 0; i < images.length; i++) worst = Math.max(worst, Math.abs(read!.images[i]! - (images[i]! + 1) / 2));
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
  });

  it('refuses a grid whose cells are not 28×28', async () => {
    const file = path.join(dir, 'step-000002.png');
    await writeImageGrid(file, new Float32Array(4 * 32 * 32), 4, [32, 32, 1], [0, 1]);
    expect(gridImages(PNG.sync.read(await readFile(file)))).toBeUndefined();
  });
});
