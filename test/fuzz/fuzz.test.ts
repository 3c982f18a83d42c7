// The CI-sized fuzz run (`npm run fuzz` is the long one, 100,000 cases of all
// four commands). On the 2-core CI machine one case of check + ir + fmt takes
// about 30 ms in process (the big and deep inputs most of it): this runs
// 20,000 cases of check, the first 4,000 of them through ir and fmt too, 100
// of build (a build that gets through check runs prettier, about a second),
// and 5 in a child process. About 3 minutes of CPU in all; the time limits
// are wide because a loaded machine stretches wall time several-fold, and
// the bound that matters, 5 s per input, is checked per case. Every finding
// fails with the input's seed and index, so `npm run fuzz -- --seed S
// --cases N` reproduces it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpus, fuzzInput } from './generateInputs.js';
import { runInChild, runInProcess, type Command, type Outcome } from './runCase.js';

const SEED = 7;
const dir = mkdtempSync(join(tmpdir(), 'aegan-fuzz-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fuzz(cases: number, commands: readonly Command[], offset = 0): Promise<string[]> {
  const seeds = corpus();
  const problems: string[] = [];
  for (let index = offset; index < offset + cases; index++) {
    const input = fuzzInput(seeds, SEED, index);
    const outcomes: Outcome[] = await runInProcess(input.text, dir, commands);
    for (const o of outcomes) if (o.problem) problems.push(`seed ${SEED} case ${index} ${o.command}: ${o.problem}`);
    // Let vitest's worker answer its runner now and then: a loop that never
    // yields to the event loop makes it time out.
    if (index % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return problems;
}

describe('fuzzing check, ir, fmt and build', () => {
  it('4,000 inputs: check, ir and fmt exit 0, 1 or 2, quickly, with bounded output and no internal error', async () => {
    expect(await fuzz(4000, ['check', 'ir', 'fmt'])).toEqual([]);
  }, 900_000);

  it('16,000 more inputs: check does the same', async () => {
    expect(await fuzz(16_000, ['check'], 4000)).toEqual([]);
  }, 900_000);

  it('100 inputs: build does the same', async () => {
    // The first build of a process catalogues the shared folders' declarations (ts-morph, ~4 s once,
    // src/codegen/runtimeSource.ts): warm it up so that the 5 s bound is per input, as its users see it.
    await runInProcess(readFileSync('examples/mnist-ae.aegan', 'utf8'), dir, ['build']);
    expect(await fuzz(100, ['build'], 20_000)).toEqual([]);
  }, 60_000);

  it('5 inputs in a child process, as a user runs aeganc', () => {
    const seeds = corpus();
    const problems = [0, 1, 2, 3, 4].flatMap((index) =>
      runInChild(fuzzInput(seeds, SEED, index).text, dir, ['check']).filter((o) => o.problem).map((o) => `case ${index}: ${o.problem}`),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
