// Numerics agreement (issue 11): from the same initial weights (an aeganc
// checkpoint written by the interpreter) and the same batches and random
// draws, the PyTorch program's losses match the interpreter's within 1e-4
// relative at each of 20 iterations, for every example. The program logs
// each random draw it makes (seed, shape, distribution); the interpreter's
// tfjs generators produce those draws, and a second run replays them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Trainer } from '../../src/numerics/trainer.js';
import { encodeCheckpoint, snapshot } from '../../src/host/checkpoint.js';
import { loadSources } from '../../src/host/data/loadSources.js';
import { selectBackend } from '../../src/host/backend.js';
import { applyTrainOverrides } from '../../src/host/trainBlockOverrides.js';
import { learningRateAt } from '../../src/ir/learningRate.js';
import { withoutHeavy } from '../heavyExamples.js';
import { buildProgram, compileFile, readLosses, runProgram, torchUnavailable, writeInterpreterDraws } from './harness.js';

const ITERATIONS = 20;
const BATCH = 8;
const RELATIVE = 1e-4;

const examplesDir = path.join(import.meta.dirname, '../../examples');
// Every example, and specs with the features the examples lack (fixtures/).
const specs = [
  // The interpreter's side runs on cpu, too slow for a heavy example: its layers and terms agree through
  // fixtures/image-layers.aegan and mnist-inpainting-ae.aegan (cutout).
  ...withoutHeavy(readdirSync(examplesDir).filter((f) => f.endsWith('.aegan')).sort(), 'PyTorch agreement', 'its layers and terms agree through fixtures/image-layers.aegan and mnist-inpainting-ae.aegan')
    .map((f) => path.join(examplesDir, f)),
  path.join(import.meta.dirname, 'fixtures/zoo.aegan'),
  // adamw, sgd's weight_decay, lr schedules and clip_norm (issue 12's training controls).
  path.join(import.meta.dirname, 'fixtures/controls.aegan'),
  path.join(import.meta.dirname, 'fixtures/image-layers.aegan'),
  path.join(import.meta.dirname, 'fixtures/partial.aegan'),
];
const unavailable = torchUnavailable();
if (unavailable) console.warn(`skipping the PyTorch agreement tests: ${unavailable}`);
const folders: string[] = [];

beforeAll(async () => {
  const cpu = await selectBackend('cpu');
  if (!cpu.value) throw new Error('the cpu backend did not start');
});
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** The interpreter's losses for ITERATIONS iterations, after writing its initial checkpoint to `initDir`. */
async function interpreterLosses(file: string, initDir: string): Promise<Record<string, number>[]> {
  const ir = applyTrainOverrides(compileFile(file), { steps: ITERATIONS, batch: BATCH });
  const { loaded, diagnostics } = await loadSources(ir, path.dirname(file));
  expect(diagnostics).toEqual([]);
  const trainer = new Trainer(ir, loaded.map((l) => l.data));
  try {
    mkdirSync(initDir, { recursive: true });
    writeFileSync(path.join(initDir, 'checkpoint.ckpt'), encodeCheckpoint(await snapshot(trainer)));
    const losses: Record<string, number>[] = [];
    for (let i = 0; i < ITERATIONS; i++) losses.push(Object.fromEntries((await trainer.runIteration()).losses));
    return losses;
  } finally {
    trainer.dispose();
  }
}

/** The program's metrics.jsonl logs each scheduled step's rate as the interpreter computes it (none without a schedule). */
function expectScheduledRates(runDir: string, file: string): void {
  const steps = compileFile(file).train.steps;
  const records = readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { lr?: Record<string, number> });
  records.forEach((record, i) => {
    const expected = Object.fromEntries(steps.filter((s) => s.optimizer.schedule).map((s) => [s.name, learningRateAt(s.optimizer, i)]));
    if (Object.keys(expected).length === 0) expect(record.lr).toBeUndefined();
    else for (const [name, rate] of Object.entries(expected)) expect(record.lr?.[name]).toBeCloseTo(rate, 12);
  });
}

describe.skipIf(unavailable !== undefined)('PyTorch programs agree with the interpreter', () => {
  for (const file of specs) {
    it(`${path.basename(file)}: 20 iterations from the same weights, batches and draws`, async () => {
      const text = readFileSync(file, 'utf8');
      const dir = await buildProgram(compileFile(file, text), file, text);
      folders.push(dir);
      const expected = await interpreterLosses(file, path.join(dir, 'init'));
      const common = ['--steps', String(ITERATIONS), '--batch', String(BATCH), '--init-from', path.join(dir, 'init')];
      await runProgram(dir, [...common, '--log-draws', path.join(dir, 'draws.jsonl'), '--out', path.join(dir, 'logged')]);
      writeInterpreterDraws(path.join(dir, 'draws.jsonl'), path.join(dir, 'draws'));
      await runProgram(dir, [...common, '--draws', path.join(dir, 'draws'), '--out', path.join(dir, 'replayed')]);
      const actual = readLosses(path.join(dir, 'replayed'));
      expectScheduledRates(path.join(dir, 'replayed'), file);
      expect(actual).toHaveLength(ITERATIONS);
      expected.forEach((losses, i) => {
        for (const [name, value] of Object.entries(losses)) {
          const got = actual[i]![name]!;
          const relative = Math.abs(got - value) / Math.max(Math.abs(value), 1e-6);
          expect(relative, `iteration ${i + 1}, loss ${name}: pytorch ${got}, interpreter ${value}`).toBeLessThan(RELATIVE);
        }
      });
    }, 1_800_000);
  }
});
