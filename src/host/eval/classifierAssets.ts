// The classifiers shipped in assets/classifiers (trained by
// tools/classifier/train.ts): which datasets have one, and reading one back.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCount, isListOf, isNumber, isObject, isString } from '../../numerics/jsonShape.js';
import type { ClassifierWeights } from '../../numerics/classifier/classifierNet.js';

export const CLASSIFIER_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type ClassifierDataset = (typeof CLASSIFIER_DATASETS)[number];

/** assets/classifiers, found from this file whether it runs from src/ or dist/src/. */
export function classifierAssetsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'classifiers');
    if (existsSync(candidate)) return candidate;
  }
  return path.resolve(here, '../../../assets/classifiers');
}

export interface ClassifierManifest {
  readonly dataset: string;
  readonly architecture: string;
  readonly featureSize: number;
  readonly classes: number;
  readonly testAccuracy: number;
  readonly trainedOn: { readonly train: number; readonly test: number };
  readonly weights: string;
  readonly tensors: readonly { readonly name: string; readonly shape: readonly number[]; readonly offset: number }[];
}

const manifestShape = isObject({
  dataset: isString,
  architecture: isString,
  featureSize: isCount,
  classes: isCount,
  testAccuracy: isNumber,
  trainedOn: isObject({ train: isCount, test: isCount }),
  weights: isString,
  tensors: isListOf(isObject({ name: isString, shape: isListOf(isCount), offset: isCount })),
});

export interface LoadedClassifier {
  readonly manifest: ClassifierManifest;
  readonly weights: ClassifierWeights;
}

/** Reads a shipped classifier; throws with the file named when it is missing or damaged (a packaging bug, not user input). */
export async function loadClassifier(dataset: ClassifierDataset, dir = classifierAssetsDir()): Promise<LoadedClassifier> {
  const manifestFile = path.join(dir, `${dataset}.json`);
  const parsed: unknown = JSON.parse(await readFile(manifestFile, 'utf8'));
  const problem = manifestShape(parsed, '');
  if (problem) throw new Error(`${manifestFile}: not a classifier manifest: ${problem}`);
  const manifest = parsed as ClassifierManifest;
  const bytes = await readFile(path.join(dir, manifest.weights));
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>();
  for (const { name, shape, offset } of manifest.tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (offset + size > values.length) throw new Error(`${manifestFile}: tensor ${name} runs past the end of ${manifest.weights}`);
    tensors.set(name, { shape, values: values.subarray(offset, offset + size) });
  }
  return { manifest, weights: { tensors } };
}
