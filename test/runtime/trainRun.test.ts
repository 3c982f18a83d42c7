// The training loop with its files: metrics, grids, checkpoints, Ctrl-C,
// resume from disk, and the stop on a non-finite loss.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { resumeFrom, runTraining, type GridWriter } from '../../src/host/runTraining.js';
import { decodeCheckpoint, restore, sealCheckpoint, type Checkpoint } from '../../src/host/checkpoint.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { isAllocationFailure } from '../../src/numerics/allocationFailure.js';
import { STALLED_ITERATIONS, TrainingHealthWatch } from '../../src/numerics/trainingHealth.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Progress } from '../../src/host/progress.js';
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
    expect(Object.keys(first)).toEqual(['step', 'epoch', 'losses', 'grad_norms', 'samples_per_second']);
    expect(Object.keys(first.grad_norms)).toEqual(['ae']);
    expect(first.grad_norms.ae).toBeGreaterThan(0);
    expect((await checkpointIn(dir)).header.counters.iteration).toBe(6);
    // 16 = a 4×4 image; 32 originals and 32 reconstructions at the end.
    expect(grids).toEqual([{ file: path.join(dir, 'reconstructions', 'step-000006.png'), count: 64, shape: [4, 4, 1] }]);
  });

  it('clears the temporaries a killed writer left, holds the lock while it runs, and releases it on every way out', async () => {
    const dir = await runDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = path.join(dir, `checkpoint.ckpt.tmp-${dead}-0badf00d`);
    await writeFile(stale, new Uint8Array(1024));
    const ir = withLength(tinyAutoencoder(16, 3), 3, { samples: [] });
    let during: string[] = [];
    const result = await runTraining({
      ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: recordGrid,
      progress: silent(() => void (during = readdirSync(dir))),
    });
    expect(result.diagnostics).toEqual([]);
    expect(during).toContain('train.lock');
    expect(during).not.toContain(path.basename(stale));
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.ckpt', 'metrics.jsonl', 'reconstructions']);
    // A refused resume (another model's checkpoint) releases it too.
    const other = await runTraining({ ir: withLength(tinyGan(), 1), data: [syntheticTable(40, 4)], outDir: dir, resume: true, writeGrid: recordGrid, progress: silent() });
    expect(other.diagnostics[0]?.code).toBe('E0504');
    expect(readdirSync(dir)).not.toContain('train.lock');
  });

  it('says up front which grids it cannot write (values that are not images), instead of skipping them silently', async () => {
    const notes: string[] = [];
    const progress: Progress = { start() {}, update() {}, note: (line) => void notes.push(line), stop() {} };
    grids.length = 0;
    const ir = withLength(tinyAutoencoder(10, 3), 2, { samples: [] });
    const result = await runTraining({ ir, data: [syntheticTable(64, 10)], outDir: await runDir(), resume: false, writeGrid: recordGrid, progress });
    expect(result.diagnostics).toEqual([]);
    expect(notes).toEqual(['no reconstruction grids: `x` is [10], not an image']);
    expect(grids).toEqual([]);
    // A hand-built IR may sample what check would refuse (E0412): said too.
    const ae16 = tinyAutoencoder(16, 3);
    const code = ae16.nodes.findIndex((n) => n.type.kind === 'tensor' && n.type.shape.join() === '3');
    notes.length = 0;
    const sampled = withLength(ae16, 2, { samples: [{ node: code, every: 1, count: 4 }] });
    await runTraining({ ir: sampled, data: [syntheticTable(64, 16)], outDir: await runDir(), resume: false, writeGrid: recordGrid, progress });
    expect(notes).toEqual(['no sample grids: its values are [3], not images']);
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
    expect(diagnostic!.hint).toMatch(/^the last good checkpoint is .*checkpoint\.ckpt; try a lower learning rate/);
    expect((await checkpointIn(dir)).header.counters.iteration).toBe(step - 1);
    expect((await metricLosses(dir)).length).toBe(step - 1);
  });

  it('a loss that is NaN at the first step says no checkpoint was written', async () => {
    const b = new IrBuilder();
    b.network('N', [{ name: 'x', shape: [1] }], (n) => [{ node: n.dense(0, [1], 1), shape: [1] }]);
    const [x] = b.dataSource('x', [1]);
    const [y] = b.apply('N', [x!]);
    // log of minus one: NaN before anything has trained.
    const loss = b.loss('neg', b.node('log', [b.node('sub', [b.node('mul', [b.node('mean', [y!]), b.constant(0)]), b.constant(1)])]));
    b.step('s', loss, ['N'], sgd(1));
    const dir = await runDir();
    const result = await runTraining({ ir: b.build({ batch: 4, length: { kind: 'steps', iterations: 5 } }), data: [syntheticTable(16, 1)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
    const [diagnostic] = result.diagnostics;
    expect(diagnostic?.message).toBe('loss `neg` became NaN at step 1');
    expect(diagnostic!.hint).toMatch(/^no checkpoint was written before it; /);
  });

  it('--resume of a directory without a checkpoint is a diagnostic', async () => {
    const dir = await runDir();
    const result = await runTraining({ ir: tinyGan(), data: [syntheticTable(40, 4)], outDir: dir, resume: true, writeGrid: recordGrid, progress: silent() });
    expect(result.diagnostics.map((d) => [d.code, d.field])).toEqual([['E0503', '--resume']]);
  });
});

describe('runTraining when something fails', () => {
  it('a failed write stops the run with E0508 and flushes the metrics computed so far', async () => {
    const dir = await runDir();
    // The only grid is the reconstruction at the end (step 20); the disk is full by then.
    const ir = withLength(tinyAutoencoder(16, 3), 20, { samples: [] });
    const diskFull: GridWriter = async (file) => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: file });
    };
    const result = await runTraining({ ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: diskFull, progress: silent() });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['E0508']);
    expect(result.diagnostics[0]!.message).toBe(`cannot write ${path.join(dir, 'reconstructions', 'step-000020.png')}: no space left on the device`);
    // Fewer than the 200 lines that trigger a flush: these reached the file on the way out.
    expect((await metricLosses(dir)).length).toBe(20);
  });

  it('a checkpoint of another model is refused before anything is written', async () => {
    const dir = await runDir();
    const data = [syntheticTable(40, 4)];
    await runTraining({ ir: withLength(tinyGan(), 2), data, outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
    const metricsBefore = await readFile(path.join(dir, 'metrics.jsonl'), 'utf8');
    let started = false;
    const renamed = { ...withLength(tinyGan(), 4), name: 'another' };
    const result = await runTraining({
      ir: renamed,
      data,
      outDir: dir,
      resume: true,
      beforeStart: async () => void (started = true),
      writeGrid: recordGrid,
      progress: silent(),
    });
    expect(started).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.field, d.message])).toEqual([
      ['E0504', '--resume', `${path.join(dir, 'checkpoint.ckpt')}: it was written by model \`${tinyGan().name}\`, but the spec is model \`another\``],
    ]);
    expect(await readFile(path.join(dir, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
  });

  it('names the argument that gave the run: --resume, or RUN for sample and reconstruct', async () => {
    const dir = await runDir();
    const trainer = new Trainer(tinyGan(), [syntheticTable(40, 4)]);
    try {
      const problem = await resumeFrom(trainer, path.join(dir, 'checkpoint.ckpt'), 'RUN');
      expect([problem?.code, problem?.field]).toEqual(['E0503', 'RUN']);
      expect(problem?.hint).toMatch(/this run wrote no checkpoint/);
    } finally {
      trainer.dispose();
    }
  });
});

describe('decodeCheckpoint', () => {
  async function goodBytes(): Promise<Uint8Array> {
    const dir = await runDir();
    await runTraining({ ir: withLength(tinyGan(), 1), data: [syntheticTable(40, 4)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
    return new Uint8Array(await readFile(path.join(dir, 'checkpoint.ckpt')));
  }
  /**
   * The checkpoint with its header edited (the data section moves with it),
   * sealed with a fresh digest, or as a version 1 file (no digest) with `v1`.
   */
  function withHeader(bytes: Uint8Array, edit: (header: Record<string, any>) => unknown, v1 = false): Uint8Array {
    const checkpoint = decodeCheckpoint(bytes) as Checkpoint;
    const header = edit(JSON.parse(JSON.stringify(checkpoint.header)) as Record<string, any>);
    const json = new TextEncoder().encode(JSON.stringify(header));
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const oldStart = Math.ceil((12 + length) / 4) * 4;
    const newStart = Math.ceil((12 + json.length) / 4) * 4;
    const data = bytes.subarray(oldStart, bytes.length - 32);
    const out = new Uint8Array(newStart + data.length);
    out.set(new TextEncoder().encode(v1 ? 'AEGANCK1' : 'AEGANCK2'));
    new DataView(out.buffer).setUint32(8, json.length, true);
    out.set(json, 12);
    out.set(data, newStart);
    return v1 ? out : sealCheckpoint(out);
  }

  it('reports a damaged header by the field, instead of failing later', async () => {
    const bytes = await goodBytes();
    expect(typeof decodeCheckpoint(withHeader(bytes, (h) => h))).toBe('object');
    const cases: [(h: Record<string, any>) => unknown, string][] = [
      [(h) => ({ ...h, tensors: 'all' }), '`tensors` should be a list, not "all"'],
      [(h) => ({ ...h, tensors: [{ ...h.tensors[0], shape: [2.5] }] }), '`tensors[0].shape[0]` should be a non-negative integer, not 2.5'],
      [(h) => ({ ...h, tensors: [{ ...h.tensors[0], dtype: 'float64' }] }), '`tensors[0].dtype` should be "float32" or "int32", not "float64"'],
      [(h) => ({ ...h, tensors: [{ ...h.tensors[0], offset: -1 }] }), '`tensors[0].offset` should be a non-negative integer, not -1'],
      [({ counters: _, ...h }) => h, 'field `counters` is missing'],
      [(h) => ({ ...h, counters: { ...h.counters, cursors: [{ epoch: 0 }] } }), 'field `counters.cursors[0].position` is missing'],
      [(h) => ({ ...h, model: 7 }), '`model` should be a string, not 7'],
      [() => null, 'the top level should be an object, not null'],
    ];
    for (const [edit, problem] of cases) expect(decodeCheckpoint(withHeader(bytes, edit))).toBe(`the checkpoint header is damaged: ${problem}`);
    expect(decodeCheckpoint(withHeader(bytes, (h) => ({ ...h, version: 3 })))).toBe('unsupported checkpoint version 3 (this aeganc reads versions 1 and 2)');
    expect(decodeCheckpoint(withHeader(bytes, (h) => ({ ...h, version: 1 })))).toBe('the header says version 1, but the file starts like version 2');
    expect(decodeCheckpoint(withHeader(bytes, (h) => ({ ...h, tensors: [{ ...h.tensors[0], shape: [1e6] }] })))).toMatch(/^the checkpoint is truncated: it is [\d.]+ KiB of the 3.8 MiB its header describes$/);
    // A file cut short is named so, not as a digest that does not match.
    expect(decodeCheckpoint(bytes.subarray(0, bytes.length - 100))).toMatch(/^the checkpoint is truncated: it is [\d.]+ KiB of the [\d.]+ KiB its header describes$/);
    expect(decodeCheckpoint(bytes.subarray(0, 60))).toBe('the checkpoint is truncated: it is 60 bytes, shorter than its own header');
  });

  it('a flipped bit anywhere is E0510 naming the file, and nothing is restored', async () => {
    const bytes = await goodBytes();
    const dir = await runDir();
    const file = path.join(dir, 'checkpoint.ckpt');
    const ir = withLength(tinyGan(), 1);
    // One bit in the data section, one in the header's JSON, one in the digest itself.
    for (const at of [bytes.length - 40, 20, bytes.length - 1]) {
      const damaged = new Uint8Array(bytes);
      damaged[at]! ^= 0x10;
      await writeFile(file, damaged);
      const trainer = new Trainer(ir, [syntheticTable(40, 4)]);
      const before = await trainer.weights.get(trainer.weights.ids()[0]!).data();
      try {
        const problem = await resumeFrom(trainer, file);
        expect(problem?.code, String(at)).toBe('E0510');
        expect(problem?.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the checksum does not match \\(its SHA-256 is [0-9a-f]{16}…, the file records [0-9a-f]{16}…\\); the checkpoint is damaged$`));
        expect(problem?.field).toBe('--resume');
        expect(trainer.iteration).toBe(0);
        expect(await trainer.weights.get(trainer.weights.ids()[0]!).data()).toEqual(before);
      } finally {
        trainer.dispose();
      }
    }
  });

  it('still reads a version 1 checkpoint (no digest), unchecked', async () => {
    const bytes = await goodBytes();
    const v1 = withHeader(bytes, (h) => ({ ...h, version: 1 }), true);
    const decoded = decodeCheckpoint(v1) as Checkpoint;
    expect(decoded.header.version).toBe(1);
    expect([...decoded.values.keys()]).toEqual([...(decodeCheckpoint(bytes) as Checkpoint).values.keys()]);
    const trainer = new Trainer(withLength(tinyGan(), 1), [syntheticTable(40, 4)]);
    try {
      expect(restore(trainer, decoded)).toBeUndefined();
      expect(trainer.iteration).toBe(1);
    } finally {
      trainer.dispose();
    }
  });

  it('restore refuses counters that do not fit the module', async () => {
    const bytes = await goodBytes();
    const trainer = new Trainer(withLength(tinyGan(), 1), [syntheticTable(40, 4)]);
    try {
      const extraCursor = decodeCheckpoint(withHeader(bytes, (h) => ({ ...h, counters: { ...h.counters, cursors: [...h.counters.cursors, { epoch: 0, position: 0 }] } }))) as Checkpoint;
      expect(restore(trainer, extraCursor)).toBe('it has 2 data cursor(s), but the spec has 1 data source(s)');
      const fewerSteps = decodeCheckpoint(withHeader(bytes, (h) => ({ ...h, counters: { ...h.counters, updates: [] } }))) as Checkpoint;
      expect(restore(trainer, fewerSteps)).toMatch(/^it counts updates of 0 step\(s\), but the spec has \d+$/);
    } finally {
      trainer.dispose();
    }
  });
});

describe('losses read back every N iterations (readbackEvery)', () => {
  /** metrics.jsonl without the timings, which differ run to run. */
  async function metricRecords(dir: string): Promise<unknown[]> {
    const text = await readFile(path.join(dir, 'metrics.jsonl'), 'utf8');
    return text.trim().split('\n').map((line) => ({ ...(JSON.parse(line) as object), samples_per_second: undefined }));
  }

  it('writes the same metrics, grids and checkpoints as reading after every iteration', async () => {
    const ir = withLength(tinyGan({ ema: true }), 23, { checkpointEvery: 9 });
    const data = [syntheticTable(40, 4)];
    const runs: { records: unknown[]; grids: string[]; counters: unknown }[] = [];
    for (const readbackEvery of [1, 4, 7]) {
      const dir = await runDir();
      grids.length = 0;
      const result = await runTraining({ ir, data, outDir: dir, resume: false, writeGrid: recordGrid, progress: silent(), readbackEvery });
      expect(result.diagnostics).toEqual([]);
      runs.push({ records: await metricRecords(dir), grids: grids.map((g) => path.basename(g.file)), counters: (await checkpointIn(dir)).header.counters });
    }
    expect(runs[0]!.records).toHaveLength(23);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('a NaN loss found in a deferred read stops the run at the same step, with the same metrics', async () => {
    const b = new IrBuilder();
    b.network('N', [{ name: 'x', shape: [1] }], (n) => [{ node: n.dense(0, [1], 1), shape: [1] }]);
    const [x] = b.dataSource('x', [1]);
    const [y] = b.apply('N', [x!]);
    const loss = b.loss('shrink', b.node('sqrt', [b.node('add', [b.node('mean', [y!]), b.constant(1)])]));
    b.step('s', loss, ['N'], sgd(1));
    const ir = b.build({ batch: 4, length: { kind: 'steps', iterations: 50 } });
    const outcomes: { message: string | undefined; records: unknown[] }[] = [];
    for (const readbackEvery of [1, 16]) {
      const dir = await runDir();
      const result = await runTraining({ ir, data: [syntheticTable(16, 1)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent(), readbackEvery });
      expect(result.diagnostics.map((d) => d.code)).toEqual(['E0507']);
      outcomes.push({ message: result.diagnostics[0]!.message, records: await metricRecords(dir) });
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
  });
});

describe('gradient norms and dead training (W0606)', () => {
  it('logs the global L2 norm of a step\'s gradient: for plain SGD it is ‖Δw‖ / lr', async () => {
    // tinyGan's G step is sgd(lr 0.1, momentum 0.9): its first update is w - lr·g exactly.
    const ir = withLength(tinyGan(), 1);
    const trainer = new Trainer(ir, [syntheticTable(40, 4)]);
    try {
      const gWeights = ir.train.steps.find((s) => s.name === 'G')!.weights;
      const before = await Promise.all(gWeights.map((id) => trainer.weights.get(id).data()));
      const result = await trainer.runIteration();
      const after = await Promise.all(gWeights.map((id) => trainer.weights.get(id).data()));
      let squares = 0;
      before.forEach((b, i) => b.forEach((v, k) => (squares += ((v - after[i]![k]!) / 0.1) ** 2)));
      expect(result.steps.get('G')!.gradientNorm).toBeGreaterThan(0);
      expect(result.steps.get('G')!.gradientNorm).toBeCloseTo(Math.sqrt(squares), 4);
      expect(result.steps.get('D')!.objective).toBe(result.losses.get('d_loss'));
    } finally {
      trainer.dispose();
    }
  });

  it('warns once, naming the step and the iteration, when lr: 1e6 leaves every gradient zero; the run still ends', async () => {
    const dir = await runDir();
    const ir = withLength(tinyAutoencoder(16, 3, 1e6), 60, { samples: [] });
    const warned: Diagnostic[] = [];
    const result = await runTraining({ ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent(), warn: (w) => warned.push(w) });
    expect(result.value?.iterations).toBe(60);
    expect(warned).toHaveLength(1);
    expect(warned[0]!.code).toBe('W0606');
    expect(warned[0]!.severity).toBe('warning');
    expect(warned[0]!.message).toMatch(new RegExp(`^step \`ae\` has had all-zero gradients for ${STALLED_ITERATIONS} iterations in a row, up to iteration \\d+$`));
    // The norms are logged at iteration 1 and every GRADIENT_NORM_EVERY: the last two seen are zero.
    const records = (await readFile(path.join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { step: number; grad_norms?: { ae: number } });
    const logged = records.filter((r) => r.grad_norms !== undefined);
    expect(logged.map((r) => r.step)).toEqual([1, 10, 20, 30, 40, 50, 60]);
    expect(logged.slice(-2).map((r) => r.grad_norms!.ae)).toEqual([0, 0]);
    // Without a `warn` callback the warning ends the returned diagnostics.
    const again = await runTraining({ ir, data: [syntheticTable(64, 16)], outDir: await runDir(), resume: false, writeGrid: recordGrid, progress: silent() });
    expect(again.diagnostics.map((d) => d.code)).toEqual(['W0606']);
    // A healthy run of the same length says nothing.
    const healthy = await runTraining({ ir: withLength(tinyAutoencoder(16, 3), 60, { samples: [] }), data: [syntheticTable(64, 16)], outDir: await runDir(), resume: false, writeGrid: recordGrid, progress: silent() });
    expect(healthy.diagnostics).toEqual([]);
  });

  it('judges a zero-gradient streak only at the iterations that computed a norm', () => {
    const watch = new TrainingHealthWatch(tinyAutoencoder());
    const seen: Diagnostic[] = [];
    const feed = (i: number, norm: number | undefined) => seen.push(...watch.observe(i, new Map([['ae', { objective: i, ...(norm === undefined ? {} : { gradientNorm: norm }) }]])));
    // Zero at 10, nothing known until 29: no warning, however long the gap.
    feed(1, 0.5);
    feed(10, 0);
    for (let i = 11; i < 29; i++) feed(i, undefined);
    feed(29, undefined);
    expect(seen).toEqual([]);
    // The next zero norm, at 30, spans 21 iterations from the first.
    feed(30, 0);
    expect(seen.map((d) => d.message)).toEqual([`step \`ae\` has had all-zero gradients for ${STALLED_ITERATIONS} iterations in a row, up to iteration 30`]);
  });

  it('warns when a loss stays exactly the same, and a change restarts the count', () => {
    const watch = new TrainingHealthWatch(tinyAutoencoder());
    const seen: Diagnostic[] = [];
    const feed = (i: number, objective: number) => seen.push(...watch.observe(i, new Map([['ae', { objective, gradientNorm: 0.5 }]])));
    for (let i = 1; i < STALLED_ITERATIONS; i++) feed(i, 0.25);
    feed(STALLED_ITERATIONS, 0.5);
    expect(seen).toEqual([]);
    for (let i = 1; i <= STALLED_ITERATIONS; i++) feed(STALLED_ITERATIONS + i, 0.5);
    expect(seen.map((d) => d.message)).toEqual([`step \`ae\` has had exactly the same loss (0.5) for ${STALLED_ITERATIONS} iterations in a row, up to iteration ${2 * STALLED_ITERATIONS - 1}`]);
    for (let i = 1; i <= 3 * STALLED_ITERATIONS; i++) feed(100 + i, 0.5);
    expect(seen).toHaveLength(1);
  });
});

describe('an allocation failure (E0511)', () => {
  it('in the initial weights: a diagnostic, not an internal error', async () => {
    const dir = await runDir();
    // A [100000, 100000] weight is 1e10 floats, more than any typed array holds.
    const ir = withLength(tinyAutoencoder(100_000, 100_000), 2, { samples: [] });
    const result = await runTraining({ ir, data: [syntheticTable(8, 100_000)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d!.code).toBe('E0511');
    expect(d!.message).toMatch(/^training stopped at step 1: a tensor could not be allocated \(Invalid typed array length: 10000000000\)$/);
    expect(d!.hint).toMatch(/lower --batch or the layer sizes/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('mid-run: the last checkpoint is kept and the metrics so far are flushed', async () => {
    const dir = await runDir();
    const ir = withLength(tinyAutoencoder(16, 3), 10, { samples: [], checkpointEvery: 2 });
    const real = Trainer.prototype.startIteration;
    const spy = vi.spyOn(Trainer.prototype, 'startIteration').mockImplementation(function (this: Trainer, norms?: boolean) {
      if (this.iteration === 3) throw new RangeError('Array buffer allocation failed');
      return real.call(this, norms);
    });
    try {
      const result = await runTraining({ ir, data: [syntheticTable(64, 16)], outDir: dir, resume: false, writeGrid: recordGrid, progress: silent() });
      expect(result.diagnostics.map((d) => d.message)).toEqual(['training stopped at step 4: a tensor could not be allocated (Array buffer allocation failed)']);
      expect(result.diagnostics[0]!.hint).toContain(path.join(dir, 'checkpoint.ckpt'));
    } finally {
      spy.mockRestore();
    }
    expect((await checkpointIn(dir)).header.counters.iteration).toBe(2);
    expect((await metricLosses(dir)).length).toBe(3);
    expect(readdirSync(dir)).not.toContain('train.lock');
  });

  it('is told apart from other errors, which stay bugs', () => {
    expect(isAllocationFailure(new RangeError('Invalid typed array length: 4800000000'))).toBe(true);
    expect(isAllocationFailure(new Error('WebAssembly.Memory(): could not allocate memory'))).toBe(true);
    expect(isAllocationFailure(new Error('gradient function not found for MaxPoolGrad'))).toBe(false);
    expect(isAllocationFailure(new RangeError('WebAssembly.instantiate(): Out of memory: Cannot allocate Wasm memory for new instance'))).toBe(true);
    expect(isAllocationFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isAllocationFailure('out of memory')).toBe(false);
  });
});
