// generativeMetrics on real runs: a conditional GAN trained for a few steps
// (every field present and finite, the condition found), and the diagnostics
// for data no classifier fits and for samples that are not 28×28 digits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileSpec } from '../../src/compile.js';
import { Messages } from '../../src/diagnostics/catalogue.js';
import { selectBackend } from '../../src/host/backend.js';
import { generativeMetrics } from '../../src/host/eval/generativeMetrics.js';
import { inferenceModel } from '../../src/host/runTraining.js';
import { openRun } from '../../src/cli/savedRun.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';

let dir: string;
beforeAll(async () => {
  expect((await selectBackend('wasm')).diagnostics).toEqual([]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'aeganc-genmetrics-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('generativeMetrics', () => {
  it('measures a short conditional GAN run: FD above its floor, coverage, the condition `c`', async () => {
    const out = path.join(dir, 'cgan');
    const trained = await runCli(['train', 'examples/mnist-cgan.aegan', '--steps', '30', '--out', out, '--quiet', '--backend', 'wasm']);
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
    const opened = await openRun(out, () => new Set());
    expect(opened.diagnostics).toEqual([]);
    const { module, trainer, tables } = opened.run!;
    try {
      const result = await generativeMetrics({
        model: inferenceModel(trainer, tables),
        sampleNode: module.train.samples[0]!.node,
        specDir: path.join(ROOT, 'examples'),
        count: 300,
      });
      expect(result.diagnostics).toEqual([]);
      const m = result.value!;
      expect(m.classifier.dataset).toBe('mnist');
      expect(m.classifier.testAccuracy).toBeGreaterThanOrEqual(0.97);
      expect(m.samples).toBe(300);
      expect(Number.isFinite(m.frechetDistance)).toBe(true);
      // 30 steps make blobs, not digits: far from real test digits, and further than real train digits are.
      expect(m.frechetDistance).toBeGreaterThan(m.frechetFloor);
      expect(m.coverage).toHaveLength(10);
      expect(m.coverage.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      expect(m.smallestClassShare).toBe(Math.min(...m.coverage));
      expect(m.classifierScore).toBeGreaterThanOrEqual(1);
      expect(m.realClassifierScore).toBeGreaterThan(8);
      expect(m.condition?.input).toBe('c');
      expect(m.condition!.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.condition!.accuracy).toBeLessThanOrEqual(1);
    } finally {
      trainer.dispose();
    }
  });

  const GENERATOR = (data: string, output: string) => `model m
data x: [28, 28, 1] from ${data}
latent z: [8] ~ normal(0, 1)
network G(noise: [8]) -> ${output} {
  dense(${output === '[28, 28, 1]' ? 784 : 196}) |> sigmoid
  reshape(${output})
}
loss l = mean(square(G(z))) + 0 * mean(x)
train {
  step G: minimize l over G with adam(lr: 1e-3)
  batch 4
  steps 1
  sample G(z) every 1
}
`;

  async function metricsOf(text: string, classifierDir?: string, count = 10) {
    const compiled = compileSpec(text, path.join(dir, 'spec.aegan'));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ir = compiled.value!;
    const trainer = new Trainer(ir, ir.data.map(() => ({ count: 0, fields: new Map() })));
    try {
      return await generativeMetrics({ model: inferenceModel(trainer, []), sampleNode: ir.train.samples[0]!.node, specDir: dir, count, classifierDir });
    } finally {
      trainer.dispose();
    }
  }

  it('names the data when no shipped classifier fits it (E0521)', async () => {
    const result = await metricsOf(GENERATOR('npy(path: "digits.npy")', '[28, 28, 1]'));
    expect(result.value).toBeUndefined();
    const [d] = result.diagnostics;
    expect(d!.code).toBe(Messages.NoClassifierForData.code);
    expect(d!.message).toContain('npy');
    expect(d!.span?.start.line).toBe(2);
    expect(d!.hint).toMatch(/mnist/);
  });

  it('reports a missing or damaged classifier with its file, not a stack trace (E0523)', async () => {
    const assets = path.join(dir, 'assets');
    await mkdir(assets, { recursive: true });
    const spec = GENERATOR('mnist(split: "test")', '[28, 28, 1]');
    const missing = (await metricsOf(spec, assets)).diagnostics[0]!;
    expect(missing.code).toBe(Messages.ClassifierUnreadable.code);
    expect(missing.message).toContain(path.join(assets, 'mnist.json'));
    await writeFile(path.join(assets, 'mnist.json'), '{"dataset": "mnist", "featureSize": -1}');
    const damaged = (await metricsOf(spec, assets)).diagnostics[0]!;
    expect(damaged.code).toBe(Messages.ClassifierUnreadable.code);
    expect(damaged.message).toMatch(/architecture|featureSize/);
    expect(damaged.hint).toMatch(/reinstall/);
  });

  it('asks for at least 2 samples instead of failing inside the covariance', async () => {
    const [d] = (await metricsOf(GENERATOR('mnist(split: "test")', '[28, 28, 1]'), undefined, 1)).diagnostics;
    expect(d!.code).toBe(Messages.TooFewSamples.code);
    expect(d!.message).toContain('at least 2 samples, not 1');
  });

  it('rejects a sample that is not a 28×28 single-channel image (E0522)', async () => {
    const result = await metricsOf(GENERATOR('mnist(split: "test")', '[14, 14, 1]'));
    const [d] = result.diagnostics;
    expect(d!.code).toBe(Messages.SampleNotClassifiable.code);
    expect(d!.message).toContain('[14, 14, 1]');
    expect(d!.hint).toBeTruthy();
  });
});
