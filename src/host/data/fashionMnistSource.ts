// `fashion_mnist(dir: "...")`: the four IDX files of Zalando's Fashion-MNIST
// under their standard names, gzipped or not. Debian's dataset-fashion-mnist
// package installs them in /usr/share/datasets/fashion-mnist.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Result } from '../../diagnostics/diagnostic.js';
import { fileNotFound } from './dataDiagnostics.js';
import { readIdxPair } from './idxSource.js';
import type { RawData } from './rawData.js';

const HINT =
  'download the four files from github.com/zalandoresearch/fashion-mnist, or on Debian `apt-get install dataset-fashion-mnist` and use dir: "/usr/share/datasets/fashion-mnist"';

/** The standard file stem: train-images-idx3-ubyte, t10k-labels-idx1-ubyte, … */
function stem(split: 'train' | 'test', part: 'images' | 'labels'): string {
  return `${split === 'train' ? 'train' : 't10k'}-${part}-${part === 'images' ? 'idx3' : 'idx1'}-ubyte`;
}

/** The uncompressed file if present, else the .gz one; null if neither exists. */
function locate(dir: string, fileStem: string): string | null {
  for (const candidate of [fileStem, `${fileStem}.gz`]) {
    const full = path.join(dir, candidate);
    if (existsSync(full)) return full;
  }
  return null;
}

export async function readFashionMnist(dir: string, split: 'train' | 'test'): Promise<Result<RawData>> {
  if (!existsSync(dir)) return { diagnostics: [fileNotFound(dir, 'no such directory', HINT)] };
  const found: string[] = [];
  for (const part of ['images', 'labels'] as const) {
    const file = locate(dir, stem(split, part));
    if (!file) {
      const wanted = path.join(dir, stem(split, part));
      return { diagnostics: [fileNotFound(`${wanted}(.gz)`, `no ${split} ${part} file in ${dir}`, HINT)] };
    }
    found.push(file);
  }
  return readIdxPair(found[0], found[1], HINT);
}
