// `npm run fuzz [-- --cases N] [--seed S] [--child K] [--commands check,ir]`:
// N inputs (default 100,000) through check, ir, fmt and build in process, and
// every K-th (default 1,000th) also in a child process. Failing inputs are
// written to test/fuzz/failures/ and the run exits 1. See test/fuzz/README.md.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpus, fuzzInput } from './generateInputs.js';
import { COMMANDS, runInChild, runInProcess, type Command } from './runCase.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    child: { type: 'string', default: '1000' },
    commands: { type: 'string', default: COMMANDS.join(',') },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const childEvery = Number(values.child);
const commands = values.commands.split(',') as Command[];

const dir = mkdtempSync(join(tmpdir(), 'aegan-fuzz-'));
const failures = join(import.meta.dirname, 'failures');
const seeds = corpus();
const started = performance.now();
let failed = 0;
let slowest = { ms: 0, index: -1, command: '' };
const statuses = new Map<string, number>();
for (let index = 0; index < cases; index++) {
  const input = fuzzInput(seeds, seed, index);
  const outcomes = await runInProcess(input.text, dir, commands);
  if (childEvery > 0 && index % childEvery === 0) outcomes.push(...runInChild(input.text, dir, commands));
  for (const o of outcomes) {
    statuses.set(`${o.command}:${o.status}`, (statuses.get(`${o.command}:${o.status}`) ?? 0) + 1);
    if (o.ms > slowest.ms) slowest = { ms: o.ms, index, command: o.command };
  }
  const bad = outcomes.filter((o) => o.problem);
  if (bad.length > 0) {
    failed++;
    mkdirSync(failures, { recursive: true });
    const name = join(failures, `seed${seed}-case${index}.aegan`);
    writeFileSync(name, input.text);
    for (const o of bad) console.log(`case ${index} (${input.kind}) ${o.command}: ${o.problem} -> ${name}`);
  }
  if ((index + 1) % 1000 === 0) console.log(`${index + 1} cases, ${failed} failing, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
rmSync(dir, { recursive: true, force: true });
console.log(`${cases} cases (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${failed} failing; slowest ${Math.round(slowest.ms)} ms (case ${slowest.index}, ${slowest.command})`);
console.log(`exit statuses: ${[...statuses].sort().map(([k, n]) => `${k}×${n}`).join(' ')}`);
process.exitCode = failed > 0 ? 1 : 0;
