// Golden files: compare with the stored text, or rewrite it when
// AEGANC_ACCEPT=1 (`npm run test:accept`); a reviewer reads the diff.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const accepting = process.env.AEGANC_ACCEPT === '1';

export function expectGolden(path: string, actual: string): void {
  if (accepting) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `${path} is missing: run \`npm run test:accept\``).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

export interface GoldenCase {
  readonly name: string;
  /** The spec, as a path relative to ROOT (so diagnostics print it). */
  readonly input: string;
  readonly dir: string;
}

/** Every example (examples/**) and every hand-written case (test/golden/<case>/input.aegan). */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const sub of ['examples', 'examples/errors']) {
    for (const file of readdirSync(join(ROOT, sub)).filter((f) => f.endsWith('.aegan')).sort()) {
      const stem = file.replace(/\.aegan$/, '');
      const name = sub === 'examples' ? `example-${stem}` : `error-${stem}`;
      cases.push({ name, input: `${sub}/${file}`, dir: join(ROOT, 'test/golden', name) });
    }
  }
  for (const name of readdirSync(join(ROOT, 'test/golden')).sort()) {
    if (existsSync(join(ROOT, 'test/golden', name, 'input.aegan'))) {
      cases.push({ name, input: `test/golden/${name}/input.aegan`, dir: join(ROOT, 'test/golden', name) });
    }
  }
  return cases;
}
