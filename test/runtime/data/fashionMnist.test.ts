import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/host/data/loadData.js';
import { dataSource, exampleField, gzip, idxBytes, labelField, makeTempDir, write } from './fixtures.js';

const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  // train gzipped, test plain: both spellings of the standard names.
  write(dir, 'fm/train-images-idx3-ubyte.gz', gzip(idxBytes(0x08, [2, 28, 28], new Uint8Array(2 * 784).fill(255))));
  write(dir, 'fm/train-labels-idx1-ubyte.gz', gzip(idxBytes(0x08, [2], [9, 3])));
  write(dir, 'fm/t10k-images-idx3-ubyte', idxBytes(0x08, [1, 28, 28], new Uint8Array(784)));
  write(dir, 'fm/t10k-labels-idx1-ubyte', idxBytes(0x08, [1], [4]));
  write(dir, 'half/train-images-idx3-ubyte', idxBytes(0x08, [1, 28, 28], new Uint8Array(784)));
});
afterAll(() => cleanup());

const fields = [exampleField('x', [28, 28, 1]), labelField('y', 10)];

describe('fashion_mnist source', () => {
  it('reads the standard file names, gzipped or not, relative to the spec directory', async () => {
    const train = await loadData(dataSource({ kind: 'fashion_mnist', dir: 'fm', split: 'train' }, fields), dir);
    expect(train.diagnostics).toEqual([]);
    expect(train.value?.count).toBe(2);
    expect(train.value?.fields.get('x')?.every((v) => v === 1)).toBe(true);
    expect(Array.from(train.value!.fields.get('y')!)).toEqual([9, 3]);
    const test = await loadData(dataSource({ kind: 'fashion_mnist', dir: 'fm', split: 'test' }, fields), dir);
    expect(test.value?.count).toBe(1);
    expect(Array.from(test.value!.fields.get('y')!)).toEqual([4]);
  });

  it('reports a missing directory and a missing file, with where to get them', async () => {
    const noDir = await loadData(dataSource({ kind: 'fashion_mnist', dir: 'absent', split: 'train' }, fields), dir);
    expect(noDir.diagnostics[0]).toMatchObject({ code: 'E0503', message: `cannot read ${dir}/absent: no such directory` });
    expect(noDir.diagnostics[0].hint).toContain('dataset-fashion-mnist');
    const noLabels = await loadData(dataSource({ kind: 'fashion_mnist', dir: 'half', split: 'train' }, fields), dir);
    expect(noLabels.diagnostics[0].message).toBe(`cannot read ${dir}/half/train-labels-idx1-ubyte(.gz): no train labels file in ${dir}/half`);
  });

  // Debian's dataset-fashion-mnist package; CI installs it, other machines may not have it.
  const installed = existsSync(DEBIAN_DIR);
  if (!installed) console.log(`skipping the real Fashion-MNIST test: ${DEBIAN_DIR} is absent (apt-get install dataset-fashion-mnist)`);
  it.skipIf(!installed)('reads the real dataset: 60,000 + 10,000 images of 28×28, labels 0..9', async () => {
    for (const [split, count] of [['train', 60000], ['test', 10000]] as const) {
      const { value, diagnostics } = await loadData(dataSource({ kind: 'fashion_mnist', dir: DEBIAN_DIR, split }, fields, [-1, 1]), '/');
      expect(diagnostics).toEqual([]);
      expect(value?.count).toBe(count);
      const x = value!.fields.get('x')!;
      expect(x.length).toBe(count * 784);
      expect(Math.min(...x.subarray(0, 784 * 10))).toBe(-1);
      expect(Math.max(...x.subarray(0, 784 * 10))).toBe(1);
      const y = value!.fields.get('y')!;
      expect(new Set(y).size).toBe(10);
    }
  }, 60_000);
});
