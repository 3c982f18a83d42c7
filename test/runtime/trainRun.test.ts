// The training loop with its files: metrics, grids, checkpoints, Ctrl-C,
// resume from disk, and the stop on a non-finite loss.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTraining, type GridWriter } from '../../src/runtime/trainRun.js';
import { decodeCheckpoint, type Checkpoint } from '../../src/runtime/checkpoint.js';
import type { Progress } from '../../src/runtime/progress.js';
import type { IrModule } from '../../src/ir/types.js';
import { IrBuilder, sgd } from './irBuilder.js';
import { tinyAutoencoder, tinyGan } from './models.js';
import { syntheticTable, useCpu } from './helpers.js';

beforeAll(useCpu);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function runDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-run-'));
  dirs.push(dir);
  return dir;
}

const grids: { file: string; count: number; shape: readonly number[] }[] = [];
const recordGrid: GridWriter = async (file, _images, count, shape) => {
  grids.push({ file, count, shape });
};
function silent(onUpdate: (iteration: number) => void = () => undefined): Progress {
  return { start() {}, update: (u) => onUpdate(u.iteration), note() {}, stop() {} };
}

async function metricLosses(dir: string): Promise<number[][]> {
  const text = await readFile(path.join(dir, 'metrics.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => Object.values((JSON.parse(line) as { losses: Record<string, number> }).losses));
}

async function checkpointIn(dir: string): Promise<Checkpoint> {
  const decoded = decodeCheckpoint(await readFile(path.join(dir, 'checkpoint.ckpt')));
  if (typeof decoded === 'string') throw new Error(decoded);
  return decoded;
}

const withLength = (ir: IrModule, iterations: number, extra: Partial<IrModule['train']> = {}): IrModule => ({
  ...ir,
  train: { ...ir.train, length: { kind: 'steps', iterations }, ...extra },
});

describe('runTraining', () => {
  it('writes metrics per iteration, reconstruction grids and a final checkpoint', async () => {
    const dir = await runDir();
    grids.length = 0;
    const ir = withLength(tinyAutoencoder(16, 3), 6, { samples: [] });
    const result = await runTraining({ ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.iterations).toBe(6);
    expect((await metricLosses(dir)).length).toBe(6);
    const first = JSON.parse((await readFile(path.join(dir, 'metrics.jsonl'), 'utf8')).split('\n')[0]!);
    expect(Object.keys(first)).toEqual(['step', 'epoch', 'losses', 'samples_per_second']);
    expect((await checkpointIn(dir)).header.counters.iteration).toBe(6);
    // 16 = a 4×4 image; 32 originals and 32 reconstructions at the end.
    expect(grids).toEqual([{ file: path.join(dir, 'reconstructions', 'step-000006.png'), count: 64, shape: [4, 4, 1] }]);
  });

  it('Ctrl-C writes a checkpoint; --resume then matches an uninterrupted run', async () => {
    const ir = withLength(tinyGan({ ema: true }), 8);
    const data = [syntheticTable(40, 4)];
    const straight = await runDir();
    await runTraining({ ir, data, outDir: straight, resume: false, writeGrid: recordGrid, progress: silent() });

    const broken = await runDir();
    const controller = new AbortController();
    const stopped = await runTraining({
      ir,
      data,
      outDir: broken,
      resume: false,
      writeGrid: recordGrid,
      progress: silent((i) => i === 3 && controller.abort()),
      signal: controller.signal,
    });
    expect(stopped.value).toMatchObject({ iterations: 3, interrupted: true });
    expect((await checkpointIn(broken)).header.counters.iteration).toBe(3);
    const resumed = await runTraining({ ir, data, outDir: broken, resume: true, writeGrid: recordGrid, progress: silent() });
    expect(resumed.value).toMatchObject({ iterations: 8, interrupted: false });
    expect(await metricLosses(broken)).toEqual(await metricLosses(straight));
  });

  it('a NaN loss stops the run with E0507 and keeps the last good checkpoint', async () => {
    // loss = sqrt(mean(N(x)) + 1): plain SGD drives the argument below zero.
    const b = new IrBuilder();
    b.network('N', [{ name: 'x', shape: [1] }], (n) => [{ node: n.dense(0, [1], 1), shape: [1] }]);
    const [x] = b.dataSource('x', [1]);
    const [y] = b.apply('N', [x!]);
    const loss = b.loss('shrink', b.node('sqrt', [b.node('add', [b.node('mean', [y!]), b.constant(1)])]));
    b.step('s', loss, ['N'], sgd(1));
    const ir = b.build({ batch: 4, length: { kind: 'steps', iterations: 50 }, checkpointEvery: 1 });
    const dir = await runDir();
    const result = await runTraining({ ir, data: [syntheticTable(16, 1)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
    expect(result.value).toBeUndefined();
    const [diagnostic] = result.diagnostics;
    expect(diagnostic?.code).toBe('E0507');
    const step = Number(/at step (\d+)/.exec(diagnostic!.message)![1]);
    expect(diagnostic!.message).toBe(`loss \`shrink\` became NaN at step ${step}`);
    expect(step).toBeGreaterThan(1);
    expect((await checkpointIn(dir)).header.counters.iteration).toBe(step - 1);
    expect((await metricLosses(dir)).length).toBe(step - 1);
  });

  it('--resume of a directory without a checkpoint is a diagnostic', async () => {
    const dir = await runDir();
    const result = await runTraining({ ir: tinyGan(), data: [syntheticTable(40, 4)], outDir: dir, resume: true, writeGrid: recordGrid, progress: silent() });
    expect(result.diagnostics.map((d) => [d.code, d.field])).toEqual([['E0503', '--resume']]);
  });
});
