// train keeps report.html up to date: at checkpoints and at the end, saying
// where training stands, and a report that cannot be written never stops the run.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTraining, type GridWriter } from '../../src/host/runTraining.js';
import { writeReport } from '../../src/host/report/writeReport.js';
import type { Progress } from '../../src/host/progress.js';
import type { IrModule } from '../../src/ir/types.js';
import { tinyAutoencoder } from './models.js';
import { IrBuilder, sgd } from './irBuilder.js';
import { syntheticTable, useCpu } from './helpers.js';

beforeAll(useCpu);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function runDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-report-run-'));
  dirs.push(dir);
  return dir;
}

const noGrids: GridWriter = async () => undefined;
function noting(notes: string[]): Progress {
  return { start() {}, update() {}, note: (line) => void notes.push(line), stop() {} };
}
const withLength = (ir: IrModule, iterations: number, extra: Partial<IrModule['train']> = {}): IrModule => ({
  ...ir,
  train: { ...ir.train, length: { kind: 'steps', iterations }, ...extra },
});

describe('report.html while training', () => {
  it('is rewritten at every checkpoint and at the end, with the state of the run', async () => {
    const dir = await runDir();
    const calls: { state: string; lines: number }[] = [];
    const ir = withLength(tinyAutoencoder(16, 3), 6, { samples: [], checkpointEvery: 2 });
    const result = await runTraining({
      ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: noGrids, progress: noting([]),
      // The metrics the page reads are on disk when it is written.
      writeReport: async (out, state) => {
        const text = await readFile(path.join(out, 'metrics.jsonl'), 'utf8');
        calls.push({ state, lines: text.trim().split('\n').length });
      },
    });
    expect(result.diagnostics).toEqual([]);
    expect(calls).toEqual([
      { state: 'training', lines: 2 },
      { state: 'training', lines: 4 },
      { state: 'finished', lines: 6 },
    ]);
  });

  it('writes a page with the run\'s curve when given the real writer', async () => {
    const dir = await runDir();
    const ir = withLength(tinyAutoencoder(16, 3), 4, { samples: [] });
    await runTraining({ ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: noGrids, progress: noting([]), writeReport });
    const page = await readFile(path.join(dir, 'report.html'), 'utf8');
    expect(page).toContain('step 4');
    expect(page).toContain('finished');
    expect(page).toMatch(/<polyline class="curve train" points="[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
  });

  it('goes on training when the report cannot be written, saying so once', async () => {
    const dir = await runDir();
    const notes: string[] = [];
    let attempts = 0;
    const ir = withLength(tinyAutoencoder(16, 3), 6, { samples: [], checkpointEvery: 2 });
    const result = await runTraining({
      ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: noGrids, progress: noting(notes),
      writeReport: async () => {
        attempts++;
        throw Object.assign(new Error('ENOSPC: no space left on device, open report.html'), { code: 'ENOSPC', syscall: 'open' });
      },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.iterations).toBe(6);
    expect(attempts).toBe(3);
    expect(notes).toEqual(['report.html not updated: ENOSPC: no space left on device, open report.html (training goes on)']);
  });

  it('is written when a non-finite loss stops the run, saying so', async () => {
    // The NaN case of trainRun.test.ts: sqrt of an argument SGD drives below zero.
    const b = new IrBuilder();
    b.network('N', [{ name: 'x', shape: [1] }], (n) => [{ node: n.dense(0, [1], 1), shape: [1] }]);
    const [x] = b.dataSource('x', [1]);
    const [y] = b.apply('N', [x!]);
    const loss = b.loss('shrink', b.node('sqrt', [b.node('add', [b.node('mean', [y!]), b.constant(1)])]));
    b.step('s', loss, ['N'], sgd(1));
    const ir = b.build({ batch: 4, length: { kind: 'steps', iterations: 50 }, checkpointEvery: 1000 });
    const dir = await runDir();
    const states: string[] = [];
    const result = await runTraining({
      ir, data: [syntheticTable(16, 1)], outDir: dir, resume: false, writeGrid: noGrids, progress: noting([]),
      writeReport: async (_out, state) => void states.push(state),
    });
    expect(result.diagnostics[0]?.code).toBe('E0507');
    expect(states).toEqual(['stopped: loss `shrink` became NaN']);
  });
});
