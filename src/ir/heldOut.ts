import type { DataSourceSpec } from './types.js';

export type Split = 'train' | 'test';

/** Whether `spec` is a source with a train and a test split (the MNIST ones). */
export function hasSplits(spec: DataSourceSpec): spec is Extract<DataSourceSpec, { split: Split }> {
  return spec.kind === 'mnist' || spec.kind === 'fashion_mnist';
}

/**
 * The held-out data a source implies when the spec names none: the `test`
 * split of a source that has one and trains on `train`. Other sources
 * (files the user chose) have no split aeganc could guess.
 */
export function testSplitOf(spec: DataSourceSpec): DataSourceSpec | undefined {
  if (hasSplits(spec) && spec.split === 'train') return { ...spec, split: 'test' };
  return undefined;
}

/** A source as the spec writes it, for messages and eval.json: `mnist(split: "test")`. */
export function describeSource(spec: DataSourceSpec): string {
  const text = (value: string) => JSON.stringify(value);
  switch (spec.kind) {
    case 'mnist':
      return `mnist(split: ${text(spec.split)})`;
    case 'fashion_mnist':
      return `fashion_mnist(dir: ${text(spec.dir)}, split: ${text(spec.split)})`;
    case 'idx':
      return `idx(images: ${text(spec.images)}${spec.labels !== undefined ? `, labels: ${text(spec.labels)}` : ''})`;
    case 'csv':
      return `csv(${text(spec.path)}${spec.label !== undefined ? `, label: ${text(spec.label)}` : ''})`;
    case 'npy':
      return `npy(${text(spec.path)})`;
    case 'images':
      return `images(${text(spec.dir)})`;
  }
}

/** Whether two sources read the same examples. */
export function sameSource(a: DataSourceSpec, b: DataSourceSpec): boolean {
  return describeSource(a) === describeSource(b);
}
