// The real images a generator is compared with: the classifier's dataset's
// test split (or its first images) and a prefix of its train split (as many
// images, for the floor distance at equal sample counts), as 0..1 pixels, and
// their classifier outputs (computed once per process and dataset).

import type { Result } from '../../diagnostics/diagnostic.js';
import { classify, type ClassifierOutputs } from '../../numerics/classifier/classifierNet.js';
import { readFashionMnist } from '../data/fashionMnistSource.js';
import { readMnist } from '../data/mnistSource.js';
import type { RawData } from '../data/rawData.js';
import type { ClassifierDataset, LoadedClassifier } from './classifierAssets.js';

/** Pixels of `raw` mapped from its stored range to 0..1. */
export function unitPixels(raw: RawData, count = raw.count): Float32Array {
  const [low, high] = raw.storedRange;
  const size = raw.examples.length / raw.count;
  return Float32Array.from(raw.examples.subarray(0, count * size) as ArrayLike<number>, (v) => (v - low) / (high - low));
}

export interface RealSplits {
  readonly train: ClassifierOutputs;
  readonly trainLabels: Int32Array;
  readonly test: ClassifierOutputs;
  readonly testLabels: Int32Array;
}

const cache = new Map<string, Promise<Result<RealSplits>>>();

async function readSplit(dataset: ClassifierDataset, fashionDir: string | undefined, split: 'train' | 'test'): Promise<Result<RawData>> {
  return dataset === 'mnist' ? readMnist(split) : readFashionMnist(fashionDir ?? '/usr/share/datasets/fashion-mnist', split);
}

async function computeSplits(classifier: LoadedClassifier, dataset: ClassifierDataset, fashionDir: string | undefined, limit: number): Promise<Result<RealSplits>> {
  const out: Partial<Record<'train' | 'test', { outputs: ClassifierOutputs; labels: Int32Array }>> = {};
  for (const split of ['test', 'train'] as const) {
    const raw = await readSplit(dataset, fashionDir, split);
    if (!raw.value) return { diagnostics: raw.diagnostics };
    const count = Math.min(raw.value.count, split === 'test' ? limit : out.test!.outputs.count);
    const labels = raw.value.labels!.values.subarray(0, count);
    out[split] = { outputs: await classify(classifier.weights, unitPixels(raw.value, count), count), labels };
  }
  return {
    value: { train: out.train!.outputs, trainLabels: out.train!.labels, test: out.test!.outputs, testLabels: out.test!.labels },
    diagnostics: [],
  };
}

/**
 * Classifier outputs of the real test split (its first `limit` images) and of
 * as many train images; diagnostics when the data cannot be read.
 */
export function realSplits(classifier: LoadedClassifier, dataset: ClassifierDataset, fashionDir?: string, limit = Infinity): Promise<Result<RealSplits>> {
  const key = `${dataset}\0${fashionDir ?? ''}\0${limit}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = computeSplits(classifier, dataset, fashionDir, limit);
    cache.set(key, entry);
    // A failure is not remembered: the next call tries again.
    void entry.then((r) => r.value || cache.delete(key));
  }
  return entry;
}
