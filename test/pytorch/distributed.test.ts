// Distributed (issue 11): under torchrun with gloo on CPU, 2 processes at a
// per-rank batch of B/2 compute what 1 process computes at B, for specs
// without batchnorm: ddp.aegan (a gradient penalty, dropout), partial.aegan
// (a network its step reaches only partly, so DDP needs
// find_unused_parameters; conditional, spectral norm, EMA, repeat,
// maximize) and zoo.aegan (two outputs, r1, noise, three optimizers). Each
// network has its own DistributedDataParallel wrapper; random draws are made
// for the global batch and split by rank. Only rank 0 writes the run's files.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { decodeCheckpoint } from '../../src/host/checkpoint.js';
import { buildProgram, compileFile, readLosses, runDistributed, runProgram, torchUnavailable } from './harness.js';

const unavailable = torchUnavailable();
if (unavailable) console.warn(`skipping the PyTorch distributed tests: ${unavailable}`);
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

const CASES = [
  { spec: 'ddp.aegan', steps: 5, findUnused: '[]' },
  { spec: 'partial.aegan', steps: 4, findUnused: '["Q"]' },
  { spec: 'zoo.aegan', steps: 3, findUnused: '[]' },
];

describe.skipIf(unavailable !== undefined)('the PyTorch program under torchrun', () => {
  for (const { spec, steps, findUnused } of CASES) {
    it(`${spec}: 2 processes at B/2 match 1 process at B, and rank 0 alone writes the run`, async () => {
      const file = path.join(import.meta.dirname, 'fixtures', spec);
      const text = readFileSync(file, 'utf8');
      const dir = await buildProgram(compileFile(file, text), file, text);
      folders.push(dir);
      expect(readFileSync(path.join(dir, 'train.py'), 'utf8')).toContain(`\nFIND_UNUSED = ${findUnused}\n`);
      const length = ['--steps', String(steps)];
      await runProgram(dir, [...length, '--out', path.join(dir, 'one')], 600_000);
      const { stderr } = await runDistributed(dir, 2, [...length, '--out', path.join(dir, 'two')], 600_000);
      const one = readLosses(path.join(dir, 'one'));
      const two = readLosses(path.join(dir, 'two'));
      expect(one).toHaveLength(steps);
      expect(two).toHaveLength(steps);
      one.forEach((losses, i) => {
        for (const [name, value] of Object.entries(losses)) {
          const relative = Math.abs(two[i]![name]! - value) / Math.max(Math.abs(value), 1e-6);
          expect(relative, `iteration ${i + 1}, ${name}: 2 processes ${two[i]![name]}, 1 process ${value}`).toBeLessThan(1e-5);
        }
      });
      // One writer: one "wrote" line, from rank 0, and no temporaries left in the run.
      expect(stderr.match(/wrote /g) ?? []).toHaveLength(1);
      const files = readdirSync(path.join(dir, 'two')).filter((f) => f !== 'samples');
      expect(files.sort()).toEqual(['checkpoint.ckpt', 'metrics.jsonl', 'run.json', 'spec.aegan']);
      const checkpoint = decodeCheckpoint(readFileSync(path.join(dir, 'two', 'checkpoint.ckpt')));
      expect(typeof checkpoint).not.toBe('string');
      if (typeof checkpoint !== 'string') expect(checkpoint.header.counters.iteration).toBe(steps);
    }, 1_200_000);
  }
});
