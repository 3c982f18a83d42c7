// Every example trains 20 steps (step executions: a GAN's iteration runs two
// or more) on wasm and on cpu from the same seed and the same synthetic data,
// and the two backends report the same losses within LOSS_TOLERANCE at every
// iteration: a kernel that is wrong on one backend (wasm's OneHot wrote int32
// bits, so conditional models trained without their labels) shows up as a
// diverging loss. Batches are small (4; 2 for convolutional examples, whose
// cpu convolutions are slow) to keep the whole file near a minute of CPU.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Trainer } from '../../src/numerics/trainer.js';
import type { IrModule } from '../../src/ir/types.js';
import { ROOT } from '../goldenFiles.js';
import { compileFile, syntheticTable } from '../codegen/harness.js';
import { use } from './differentialHarness.js';
import { withoutHeavy } from '../heavyExamples.js';

const STEPS = 20;
/**
 * |wasm − cpu| ≤ LOSS_TOLERANCE · max(1, |cpu|) at every iteration. The
 * backends round differently (XNNPACK's summation order), and 20 updates
 * amplify that; measured differences are below 1e-6 (docs/ir.md).
 */
const LOSS_TOLERANCE = 2e-3;

const examples = withoutHeavy(
  readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.aegan')).sort(),
  'wasm against cpu',
  'its layers are compared across backends one by one (cases.ts)',
);
const convolutional = (ir: IrModule) => ir.networks.some((n) => n.nodes.some((node) => node.op === 'conv2d' || node.op === 'conv2d_transpose'));

afterAll(async () => {
  await use('cpu');
});

/** Iterations that run at least STEPS step executions. */
const iterationsFor = (ir: IrModule): number => Math.ceil(STEPS / ir.train.steps.reduce((sum, step) => sum + step.repeat, 0));

async function losses(ir: IrModule, backend: 'cpu' | 'wasm'): Promise<Record<string, number>[]> {
  await use(backend);
  const tables = ir.data.map((source, i) => syntheticTable(source, ir.train.batch * 3, 99 + i));
  const trainer = new Trainer(ir, tables);
  try {
    const out: Record<string, number>[] = [];
    for (let i = 0; i < iterationsFor(ir); i++) out.push(Object.fromEntries((await trainer.runIteration()).losses));
    return out;
  } finally {
    trainer.dispose();
  }
}

describe(`every example: ${STEPS} steps on wasm and cpu report the same losses`, () => {
  it('finds the examples', () => expect(examples.length).toBeGreaterThanOrEqual(8));
  it.each(examples)('%s', async (file) => {
    const compiled = compileFile(`examples/${file}`);
    const ir: IrModule = { ...compiled, train: { ...compiled.train, batch: convolutional(compiled) ? 2 : 4 } };
    const [wasm, cpu] = [await losses(ir, 'wasm'), await losses(ir, 'cpu')];
    let worst = 0;
    cpu.forEach((reference, i) => {
      expect(Object.keys(wasm[i]!).sort()).toEqual(Object.keys(reference).sort());
      for (const [name, value] of Object.entries(reference)) {
        const actual = wasm[i]![name]!;
        expect(Number.isFinite(value), `iteration ${i + 1} ${name} is finite on cpu`).toBe(true);
        const error = Math.abs(actual - value) / Math.max(1, Math.abs(value));
        worst = Math.max(worst, error);
        expect(error, `iteration ${i + 1} ${name}: wasm ${actual}, cpu ${value}`).toBeLessThan(LOSS_TOLERANCE);
      }
    });
    console.log(`${file}: largest wasm/cpu loss difference ${worst.toExponential(2)}`);
  }, 120_000);
});
