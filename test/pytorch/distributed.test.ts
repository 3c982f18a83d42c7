// Distributed (issue 11): under torchrun with gloo on CPU, 2 processes at a
// per-rank batch of B/2 compute what 1 process computes at B (a spec without
// batchnorm; dropout and the gradient penalty draw for the global batch and
// split it by rank), and only rank 0 writes the run's files.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { decodeCheckpoint } from '../../src/host/checkpoint.js';
import { buildProgram, compileFile, readLosses, runDistributed, runProgram, torchUnavailable } from './harness.js';

const unavailable = torchUnavailable();
if (unavailable) console.warn(`skipping the PyTorch distributed tests: ${unavailable}`);
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

describe.skipIf(unavailable !== undefined)('the PyTorch program under torchrun', () => {
  it('2 processes at B/2 match 1 process at B, and rank 0 alone writes the run', async () => {
    const file = path.join(import.meta.dirname, 'fixtures/ddp.aegan');
    const text = readFileSync(file, 'utf8');
    const dir = await buildProgram(compileFile(file, text), file, text);
    folders.push(dir);
    await runProgram(dir, ['--out', path.join(dir, 'one')]);
    const { stderr } = await runDistributed(dir, 2, ['--out', path.join(dir, 'two')]);
    const one = readLosses(path.join(dir, 'one'));
    const two = readLosses(path.join(dir, 'two'));
    expect(one).toHaveLength(5);
    expect(two).toHaveLength(5);
    one.forEach((losses, i) => {
      for (const [name, value] of Object.entries(losses)) {
        const relative = Math.abs(two[i]![name]! - value) / Math.max(Math.abs(value), 1e-6);
        expect(relative, `iteration ${i + 1}, ${name}: 2 processes ${two[i]![name]}, 1 process ${value}`).toBeLessThan(1e-5);
      }
    });
    // One writer: one "wrote" line, from rank 0, and no temporaries left in the run.
    expect(stderr.match(/wrote /g) ?? []).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'two')).sort()).toEqual(['checkpoint.ckpt', 'metrics.jsonl', 'run.json', 'spec.aegan']);
    const checkpoint = decodeCheckpoint(readFileSync(path.join(dir, 'two', 'checkpoint.ckpt')));
    expect(typeof checkpoint).not.toBe('string');
    if (typeof checkpoint !== 'string') expect(checkpoint.header.counters.iteration).toBe(5);
  }, 600_000);
});
