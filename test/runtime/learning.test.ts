// Learning smoke tests on the embedded MNIST: a small MLP autoencoder's loss
// halves within 200 steps (cpu), and a DCGAN's losses stay finite and move
// (wasm, where conv gradients are fast enough; skipped with a reason otherwise).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileSpec } from '../../src/compile.js';
import { tf } from '../../src/numerics/tf.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { selectBackend } from '../../src/host/backend.js';
import { loadData } from '../../src/host/data/loadData.js';
import type { IrModule } from '../../src/ir/types.js';
import type { DataTable } from '../../src/numerics/dataTable.js';

const examplesDir = path.join(import.meta.dirname, '../../examples');

const mlpAutoencoder = `
model smoke_ae
data x: [28, 28, 1] from mnist(split: "train")
network encoder(img: [28, 28, 1]) -> [16] {
  flatten |> dense(64) |> relu
  dense(16)
}
network decoder(h: [16]) -> [28, 28, 1] {
  dense(64) |> relu
  dense(784) |> sigmoid |> reshape([28, 28, 1])
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 3e-3)
  batch 64
  steps 200
  seed 1
}
`;

function compile(text: string, file: string): IrModule {
  const result = compileSpec(text, file);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.value!;
}

async function mnist(ir: IrModule): Promise<DataTable[]> {
  const loaded = await loadData(ir.data[0]!, examplesDir);
  expect(loaded.diagnostics).toEqual([]);
  return [loaded.value!];
}

let wasm = false;
beforeAll(async () => {
  wasm = (await selectBackend('wasm')).value !== undefined;
});

describe('learning on MNIST', () => {
  it('an MLP autoencoder halves its loss within 200 steps (cpu)', async () => {
    await tf.setBackend('cpu');
    const ir = compile(mlpAutoencoder, 'smoke_ae.aegan');
    const trainer = new Trainer(ir, await mnist(ir));
    const losses: number[] = [];
    while (!trainer.isDone()) losses.push((await trainer.runIteration()).losses.get('recon')!);
    trainer.dispose();
    const first = losses[0]!;
    const last = losses.slice(-10).reduce((s, v) => s + v, 0) / 10;
    expect(last).toBeLessThan(first / 2);
  }, 120_000);

  it('a DCGAN keeps finite, moving losses (wasm)', async (ctx) => {
    if (!wasm) {
      console.warn('learning.test: skipped the DCGAN smoke test: the wasm backend did not start');
      ctx.skip();
    }
    await tf.setBackend('wasm');
    const compiled = compile(readFileSync(path.join(examplesDir, 'mnist-dcgan.aegan'), 'utf8'), 'mnist-dcgan.aegan');
    const ir: IrModule = { ...compiled, train: { ...compiled.train, batch: 32 } };
    const trainer = new Trainer(ir, await mnist(ir));
    const d: number[] = [];
    const g: number[] = [];
    for (let i = 0; i < 15; i++) {
      const result = await trainer.runIteration();
      expect(result.nonFinite).toBeUndefined();
      d.push(result.losses.get('d_loss')!);
      g.push(result.losses.get('g_loss')!);
    }
    trainer.dispose();
    expect(new Set(d).size).toBeGreaterThan(10);
    expect(new Set(g).size).toBeGreaterThan(10);
    expect(Math.abs(d[14]! - d[0]!)).toBeGreaterThan(1e-3);
  }, 120_000);
});
