// Held-out evaluation: `eval every N` records in metrics.jsonl, the
// batch-weighted held-out mean, and `aeganc eval`'s VAE log-likelihood
// against an exact reference (a 1-D latent, integrated by quadrature).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSpec } from '../../src/compile.js';
import { runTraining, inferenceModel } from '../../src/host/runTraining.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { heldOutLosses } from '../../src/numerics/heldOutLosses.js';
import { applyNetwork } from '../../src/numerics/network.js';
import { tf } from '../../src/numerics/tf.js';
import { modelKind } from '../../src/host/eval/modelKind.js';
import { logMeanExp, vaeMetrics } from '../../src/host/eval/vae.js';
import type { Progress } from '../../src/host/progress.js';
import type { IrModule } from '../../src/ir/types.js';
import { syntheticTable, useCpu } from './helpers.js';

beforeAll(useCpu);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const silent: Progress = { start() {}, update() {}, note() {}, stop() {} };

function compile(text: string): IrModule {
  const result = compileSpec(text, 'spec.aegan');
  if (!result.value) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.value;
}

const AE = `
data x: [16] from csv("train.csv")
network encoder(e: [16]) -> [4] {
  dense(8) |> batchnorm |> relu |> dropout(0.5) |> dense(4)
}
network decoder(h: [4]) -> [16] {
  dense(16) |> sigmoid
}
loss recon = bce(x, decoder(encoder(x)))
loss sparsity = mean(abs(encoder(x)))
loss total = recon + 0.01 * sparsity
loss watch = mse(x, decoder(encoder(x)))
train {
  step ae: minimize total over encoder, decoder with adam(lr: 1e-2)
  batch 16
  steps 7
  eval x from csv("test.csv") every 3
}
`;

async function train(ir: IrModule, heldOut: boolean, progress: Progress = silent): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-heldout-'));
  dirs.push(dir);
  const result = await runTraining({
    ir,
    data: [syntheticTable(64, 16)],
    ...(heldOut ? { heldOut: [syntheticTable(40, 16, 'x')].map((t) => ({ ...t, fields: new Map([['x', (t.fields.get('x') as Float32Array).map((v) => 1 - v)]]) })) } : {}),
    outDir: dir,
    resume: false,
    writeGrid: async () => undefined,
    progress,
  });
  expect(result.diagnostics).toEqual([]);
  return (await readFile(path.join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('eval every N while training', () => {
  it('writes a held-out record of every declared loss every N iterations and at the end, after that step\'s training record', async () => {
    const records = await train(compile(AE), true);
    const evals = records.filter((r) => 'eval' in r);
    expect(evals.map((r) => r.step)).toEqual([3, 6, 7]);
    for (const record of evals) {
      expect(Object.keys(record)).toEqual(['step', 'epoch', 'eval']);
      const heldOut = record.eval as { split: string; examples: number; sources: string[]; losses: Record<string, number> };
      expect(heldOut.split).toBe('held-out');
      expect(heldOut.examples).toBe(40);
      expect(heldOut.sources).toEqual(['csv("test.csv")']);
      expect(Object.keys(heldOut.losses)).toEqual(['recon', 'sparsity', 'total', 'watch']);
      for (const value of Object.values(heldOut.losses)) expect(Number.isFinite(value)).toBe(true);
      const index = records.indexOf(record);
      expect(records[index - 1]).toMatchObject({ step: record.step, losses: expect.any(Object) });
    }
    // The training records log the losses the objective is built from, beside it.
    expect(Object.keys(records[0]!.losses as object)).toEqual(['total', 'recon', 'sparsity']);
  });

  it('shows the last held-out values on the progress line with Keras\'s val_ prefix', async () => {
    const shown: string[][] = [];
    await train(compile(AE), true, { ...silent, update: (u) => void shown.push([...u.losses.keys()]) });
    expect(shown[1]).toEqual(['total', 'recon', 'sparsity']);
    expect(shown[2]).toEqual(['total', 'recon', 'sparsity', 'val_recon', 'val_sparsity', 'val_total', 'val_watch']);
  });

  it('changes nothing in training: no draw, no moving statistic, no weight', async () => {
    const ir = compile(AE);
    const withEval = (await train(ir, true)).filter((r) => !('eval' in r));
    const without = await train(ir, false);
    expect(withEval).toHaveLength(7);
    expect(withEval.map((r) => r.losses)).toEqual(without.map((r) => r.losses));
  });

  it('is the mean over all held-out examples whatever the batch (the last one partial)', async () => {
    const ir = compile(AE);
    const trainer = new Trainer(ir, [syntheticTable(64, 16)]);
    for (let i = 0; i < 3; i++) await trainer.runIteration();
    const table = syntheticTable(50, 16);
    const weights = inferenceModel(trainer, [table]);
    const batched = await heldOutLosses(ir, weights, [table], 16);
    const whole = await heldOutLosses(ir, weights, [table], 50);
    expect(batched.examples).toBe(50);
    // recon, watch and the mean-abs sparsity average over examples: batching must not change them.
    for (const name of ['recon', 'sparsity', 'total', 'watch']) expect(batched.losses.get(name)!).toBeCloseTo(whole.losses.get(name)!, 5);
    trainer.dispose();
  });
});

const VAE = `
data x: [6] from csv("train.csv")
network encoder(e: [6]) -> (mu: [1], logvar: [1]) {
  h = e |> dense(8) |> tanh
  mu = h |> dense(1)
  logvar = h |> dense(1)
}
network decoder(z: [1]) -> [6] {
  dense(8) |> tanh |> dense(6) |> sigmoid
}
let (mu, logvar) = encoder(x)
loss elbo = bce(x, decoder(reparam(mu, logvar)), reduce: sum) + kl_normal(mu, logvar)
train {
  step vae: minimize elbo over encoder, decoder with adam(lr: 1e-2)
  batch 8
  steps 30
  seed 3
}
`;

/** −log p(x) per example, exactly: ∫ p(x|z) N(z; 0, 1) dz by the trapezoid rule on [−12, 12]. */
async function exactNll(ir: IrModule, trainer: Trainer, table: ReturnType<typeof syntheticTable>): Promise<number> {
  const decoder = ir.networks.find((n) => n.name === 'decoder')!;
  const points = 4801;
  const grid = Float64Array.from({ length: points }, (_, i) => -12 + (24 * i) / (points - 1));
  const model = inferenceModel(trainer, [table]);
  const ctx = { training: false, weight: (id: string) => model.weight(id), readState: (id: string) => model.state(id), writeState: () => undefined, seed: () => 0 };
  const p = tf.tidy(() => applyNetwork(decoder, [tf.tensor2d(Float32Array.from(grid), [points, 1])], ctx, 0)[0]!);
  const probabilities = Float64Array.from(await p.data());
  p.dispose();
  const x = table.fields.get('x') as Float32Array;
  const clip = (v: number) => Math.min(1 - 1e-7, Math.max(1e-7, v));
  let total = 0;
  for (let e = 0; e < table.count; e++) {
    const logTerms = Array.from(grid, (z, j) => {
      let logPx = 0;
      for (let d = 0; d < 6; d++) {
        const t = x[e * 6 + d]!;
        const q = clip(probabilities[j * 6 + d]!);
        logPx += t * Math.log(q) + (1 - t) * Math.log(1 - q);
      }
      const weight = j === 0 || j === points - 1 ? 0.5 : 1;
      return logPx - 0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + Math.log(weight * (24 / (points - 1)));
    });
    total += logMeanExp(logTerms) + Math.log(points);
  }
  return -total / table.count;
}

describe("aeganc eval's VAE metrics", () => {
  it('estimate −log p(x) by importance sampling as the exact integral gives it (measured: within 0.002 nats)', async () => {
    const ir = compile(VAE);
    const train = syntheticTable(64, 6);
    const trainer = new Trainer(ir, [train]);
    for (let i = 0; i < 30; i++) await trainer.runIteration();
    const table = syntheticTable(12, 6);
    const kind = modelKind(ir);
    expect(kind.kind).toBe('vae');
    if (kind.kind !== 'vae') return;
    const parts = { ...kind.parts, mu: kind.mu, logvar: kind.logvar };
    const weights = inferenceModel(trainer, [table]);
    const exact = await exactNll(ir, trainer, table);
    const estimate = await vaeMetrics(ir, parts, weights, table, 5, 4000);
    expect(estimate.k).toBe(4000);
    expect(Math.abs(estimate.nll_is - exact)).toBeLessThan(0.02);
    expect(estimate.neg_elbo).toBeCloseTo(estimate.recon + estimate.kl, 6);
    // Batching examples differently changes the draws, not what is estimated.
    const rebatched = await vaeMetrics(ir, parts, weights, table, 12, 4000);
    expect(Math.abs(rebatched.nll_is - exact)).toBeLessThan(0.02);
    trainer.dispose();
  });

  it('takes logMeanExp without overflow', () => {
    expect(logMeanExp([1000, 1000])).toBeCloseTo(1000, 10);
    expect(logMeanExp([-1000, -1000 + Math.log(3)])).toBeCloseTo(-1000 + Math.log(2), 10);
  });
});
