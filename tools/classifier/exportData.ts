// Writes the splits the classifiers learn from, read through the project's own
// loaders (so MNIST's train/test split is the one `mnist(split:)` uses), as
// raw files train.py reads: <name>-<split>-images.f32 (N×28×28 floats in 0..1,
// row-major) and <name>-<split>-labels.u8.
//
//   npx tsx tools/classifier/exportData.ts OUT_DIR

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readMnist } from '../../src/host/data/mnistSource.js';
import { readFashionMnist } from '../../src/host/data/fashionMnistSource.js';
import type { RawData } from '../../src/host/data/rawData.js';
import { CLASSIFIER_DATASETS, type ClassifierDataset } from '../../src/host/eval/classifierAssets.js';

async function read(dataset: ClassifierDataset, split: 'train' | 'test'): Promise<RawData> {
  const result = dataset === 'mnist' ? await readMnist(split) : await readFashionMnist(FASHION_DIR, split);
  if (!result.value) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

const FASHION_DIR = process.env.AEGANC_FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: exportData.ts OUT_DIR');
  await mkdir(out, { recursive: true });
  for (const dataset of CLASSIFIER_DATASETS) {
    for (const split of ['train', 'test'] as const) {
      const raw = await read(dataset, split);
      const [low, high] = raw.storedRange;
      const images = Float32Array.from(raw.examples as ArrayLike<number>, (v) => (v - low) / (high - low));
      const labels = Uint8Array.from(raw.labels!.values);
      await writeFile(path.join(out, `${dataset}-${split}-images.f32`), new Uint8Array(images.buffer));
      await writeFile(path.join(out, `${dataset}-${split}-labels.u8`), labels);
      console.log(`${dataset} ${split}: ${raw.count} images`);
    }
  }
}

await main();
