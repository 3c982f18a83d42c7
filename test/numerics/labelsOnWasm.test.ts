// Regression: tfjs-backend-wasm 4.22's OneHot wrote int32 bits into float32
// tensors, so every one-hot label read as 1.4e-45 on wasm, the default
// backend: the issue's spec gave p = 0 (cpu: 0.1), and examples/mnist-cgan
// trained without its labels, in the interpreter and in generated modules
// alike. Generated modules run in a child process that imports only tfjs
// and the module (trainGeneratedChild.ts), so the fix they install is their
// own copy, not the interpreter's.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../src/codegen/generateModule.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { evaluateNodes, type BatchSource } from '../../src/numerics/expressions/evaluate.js';
import { gatherBatch } from '../../src/numerics/dataCursor.js';
import { drawLatent } from '../../src/numerics/latents.js';
import type { ForwardContext } from '../../src/numerics/context.js';
import type { IrModule } from '../../src/ir/types.js';
import { tf } from '../../src/numerics/tf.js';
import { ROOT } from '../goldenFiles.js';
import { runNode } from '../runNode.js';
import { TMP, compileFile, compileText, syntheticTable } from '../codegen/harness.js';
import { use } from './differentialHarness.js';

const ISSUE_SPEC = `model labels_on_wasm
data x: [28, 28, 1], y: class[10] from mnist(split: "train")
network C(img: [28, 28, 1]) -> [10] { flatten |> dense(10) }
loss p = mean(one_hot(y)) + 0 * mean(C(x))
train {
  step s: minimize p over C with sgd(lr: 0.01)
  batch 8
  steps 3
}
`;

afterAll(async () => {
  await use('cpu');
});

/** The reported losses of the first `steps` iterations in the interpreter. */
async function interpreted(ir: IrModule, steps: number): Promise<Record<string, number>[]> {
  const trainer = new Trainer(ir, ir.data.map((source, i) => syntheticTable(source, ir.train.batch * 3, 99 + i)));
  try {
    const out: Record<string, number>[] = [];
    for (let i = 0; i < steps; i++) out.push(Object.fromEntries((await trainer.runIteration()).losses));
    return out;
  } finally {
    trainer.dispose();
  }
}

interface ChildReport {
  readonly backend: string;
  readonly losses: readonly Record<string, number>[];
}

/** Trains `ir`'s generated module in a fresh process on `backend` (batch 4, labels cycling through the classes). */
async function generated(ir: IrModule, name: string, backend: 'wasm' | 'cpu', steps: number): Promise<ChildReport> {
  const file = join(TMP, `${name}.ts`);
  writeFileSync(file, await generateModule(ir));
  const fields = ir.data.flatMap((d) =>
    d.fields.map((f) => (f.type.kind === 'class' ? { name: f.name, classes: f.type.classes } : { name: f.name, size: f.type.shape.reduce((p, n) => p * n, 1) })),
  );
  const output = await runNode(['--import', 'tsx', join(ROOT, 'test/codegen/trainGeneratedChild.ts'), file, backend, String(steps), JSON.stringify(fields)], { cwd: ROOT });
  return JSON.parse(output.trim().split('\n').pop()!) as ChildReport;
}

describe('class labels are one-hot vectors of ones on wasm', () => {
  it("the issue's spec: p = mean(one_hot(y)) is 0.1 on wasm in the interpreter, as on cpu", async () => {
    const ir = compileText(ISSUE_SPEC, 'labels.aegan');
    for (const backend of ['wasm', 'cpu'] as const) {
      await use(backend);
      for (const losses of await interpreted(ir, 3)) expect(losses['p'], backend).toBeCloseTo(0.1, 6);
    }
  });

  it("the issue's spec: p is 0.1 on wasm in a generated module", async () => {
    const report = await generated(compileText(ISSUE_SPEC, 'labels.aegan'), 'labels-on-wasm', 'wasm', 3);
    expect(report.backend).toBe('wasm');
    expect(report.losses).toHaveLength(3);
    for (const losses of report.losses) expect(losses['p']).toBeCloseTo(0.1, 6);
  }, 120_000);

  it("mnist-cgan's one_hot(y) and one_hot(c) have a single 1 per row on wasm in the interpreter", async () => {
    await use('wasm');
    const ir = compileFile('examples/mnist-cgan.aegan');
    const oneHots = ir.nodes.filter((n) => n.op === 'one_hot').map((n) => n.id);
    expect(oneHots.length).toBeGreaterThanOrEqual(2);
    const table = syntheticTable(ir.data[0]!, 8);
    const rows = tf.tidy(() => {
      const batch = gatherBatch(ir.data[0]!, table, Int32Array.from({ length: 8 }, (_, i) => i));
      const batches: BatchSource = { data: (_, field) => batch.get(field)!, latent: (latent) => drawLatent(latent, 8, 7) };
      // one_hot nodes read only data and latents: no network runs, so the context is never asked.
      const values = evaluateNodes(ir, oneHots, {} as ForwardContext, batches);
      return oneHots.map((id) => Array.from(values.get(id)!.dataSync()));
    });
    for (const values of rows) {
      expect(values.filter((v) => v === 1)).toHaveLength(8);
      expect(values.filter((v) => v !== 0 && v !== 1)).toEqual([]);
    }
  });

  it('mnist-cgan trains to the same losses on wasm as on cpu in a generated module (its labels count)', async () => {
    const ir = compileFile('examples/mnist-cgan.aegan');
    const [wasm, cpu] = await Promise.all([generated(ir, 'labels-cgan-wasm', 'wasm', 2), generated(ir, 'labels-cgan-cpu', 'cpu', 2)]);
    expect(wasm.backend).toBe('wasm');
    expect(cpu.backend).toBe('cpu');
    cpu.losses.forEach((losses, i) => {
      for (const [name, value] of Object.entries(losses)) {
        expect(Math.abs(wasm.losses[i]![name]! - value), `step ${i + 1} ${name}: wasm ${wasm.losses[i]![name]}, cpu ${value}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(value)));
      }
    });
  }, 180_000);
});
