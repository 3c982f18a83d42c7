// `aeganc score` on a VAE: a per-example −ELBO in nats whose mean is the
// −ELBO `aeganc eval` reports on the same data (same batches, same draws).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './runCli.js';

const TINY_VAE = `model tinyvae
data x: [2, 2, 1] from csv("pix.csv")
network encoder(img: [2, 2, 1]) -> (mu: [2], logvar: [2]) {
  h = img |> flatten |> dense(3) |> relu
  mu = h |> dense(2)
  logvar = h |> dense(2)
}
network decoder(code: [2]) -> [2, 2, 1] {
  dense(4) |> sigmoid
  reshape([2, 2, 1])
}
let (mu, logvar) = encoder(x)
loss elbo = bce(x, decoder(reparam(mu, logvar)), reduce: sum) + kl_normal(mu, logvar)
train {
  step vae: minimize elbo over encoder, decoder with adam(lr: 1e-2)
  batch 4
  steps 3
}
`;

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aeganc-vae-score-'));
  // 18 rows at batch 4: the last held-out batch is short.
  const rows = Array.from({ length: 18 }, (_, i) => [0, 1, 2, 3].map((j) => ((i * 7 + j * 3) % 10) / 10).join(','));
  writeFileSync(path.join(dir, 'pix.csv'), `p0,p1,p2,p3\n${rows.join('\n')}\n`);
  writeFileSync(path.join(dir, 'vae.aegan'), TINY_VAE);
  const trained = await runCli(['train', 'vae.aegan', '--backend', 'cpu', '--out', 'vae', '--quiet'], dir);
  expect(trained.stderr).toBe('');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("scores each example by its −ELBO, whose mean is eval's held-out −ELBO on the same data", async () => {
  const scored = await runCli(['score', 'vae', '--backend', 'cpu'], dir);
  expect(scored.stderr).toBe('');
  expect(scored.stdout).toMatch(/^scored 18 examples of csv\("pix.csv"\) by −ELBO in nats/m);
  const scores = readFileSync(path.join(dir, 'vae/scores.csv'), 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[1]));
  expect(scores).toHaveLength(18);
  expect(new Set(scores).size).toBeGreaterThan(1);

  const evaluated = await runCli(['eval', 'vae', '--split', 'train', '--k', '1', '--backend', 'cpu', '--format', 'json'], dir);
  expect(evaluated.stderr).toBe('');
  const report = JSON.parse(evaluated.stdout) as { metrics: { neg_elbo: number; recon: number; kl: number } };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  expect(Math.abs(mean - report.metrics.neg_elbo)).toBeLessThan(1e-5 * Math.abs(report.metrics.neg_elbo));
  // −ELBO = recon + kl, and the KL is not left out (it is positive here).
  expect(report.metrics.kl).toBeGreaterThan(0);
  expect(Math.abs(mean - report.metrics.recon)).toBeGreaterThan(report.metrics.kl / 2);
}, 120_000);
