// Training controls in the training loop: a run resumed in the middle of its
// learning-rate schedules continues exactly as an uninterrupted one (the
// schedule's position is the iteration count the checkpoint holds), and
// metrics.jsonl logs the rate each scheduled step used.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Trainer } from '../../src/numerics/trainer.js';
import { decodeCheckpoint, encodeCheckpoint, restore, snapshot } from '../../src/host/checkpoint.js';
import { runTraining } from '../../src/host/runTraining.js';
import { learningRateAt } from '../../src/ir/learningRate.js';
import type { IrModule } from '../../src/ir/types.js';
import { compileFile, syntheticTable } from '../codegen/harness.js';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

// adamw with a linear schedule, sgd with a cosine one and weight_decay, rmsprop with step_decay, adam with exponential.
const FIXTURE = 'test/pytorch/fixtures/controls.aegan';
const ir: IrModule = compileFile(FIXTURE);
const tables = () => ir.data.map((source, i) => syntheticTable(source, 40, 7 + i));

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('training controls in the loop', () => {
  it('a run resumed mid-schedule (iteration 7 of 20) equals an uninterrupted one, bit for bit', async () => {
    const straight = new Trainer(ir, tables());
    const expected: number[][] = [];
    for (let i = 0; i < 20; i++) expected.push([...(await straight.runIteration()).losses.values()]);

    const first = new Trainer(ir, tables());
    for (let i = 0; i < 7; i++) await first.runIteration();
    const bytes = encodeCheckpoint(await snapshot(first));
    first.dispose();
    const resumed = new Trainer(ir, tables());
    const decoded = decodeCheckpoint(bytes);
    if (typeof decoded === 'string') throw new Error(decoded);
    expect(restore(resumed, decoded)).toBeUndefined();
    const after: number[][] = [];
    for (let i = 7; i < 20; i++) after.push([...(await resumed.runIteration()).losses.values()]);

    expect(after).toEqual(expected.slice(7));
    for (const id of ir.weights.map((w) => w.id)) expect(values(resumed.weights.get(id))).toEqual(values(straight.weights.get(id)));
    straight.dispose();
    resumed.dispose();
  });

  it('metrics.jsonl logs each scheduled step\'s rate per iteration', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-controls-'));
    dirs.push(dir);
    const short: IrModule = { ...ir, train: { ...ir.train, length: { kind: 'steps', iterations: 8 } } };
    const result = await runTraining({
      ir: short, data: tables(), outDir: dir, resume: false, writeGrid: async () => undefined,
      progress: { start() {}, update() {}, note() {}, stop() {} },
    });
    expect(result.diagnostics).toEqual([]);
    const records = (await readFile(path.join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { step: number; lr: Record<string, number> });
    expect(records).toHaveLength(8);
    records.forEach((record, i) => expect(record.lr).toEqual(Object.fromEntries(ir.train.steps.map((s) => [s.name, learningRateAt(s.optimizer, i)]))));
    expect(Object.keys(records[0]!.lr)).toEqual(['ae', 'cls', 'head', 'enc']);
    // linear(1e-2, to: 0, after: 5, over: 10): held for 5 iterations, then down by 1e-3 each.
    expect(records.map((r) => r.lr['ae'])).toEqual([0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.009, 0.008].map((v, i) => (i < 6 ? v : expect.closeTo(v, 15))));
  });
});
