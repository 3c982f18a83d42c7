// `aeganc encode` and `aeganc score` end to end on short runs (cpu backend):
// the one-class example's scores and ROC-AUC, codes as .npy and .csv with
// labels, the linear probe, and a diagnostic for every run they do not apply to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './runCli.js';
import { ROOT } from '../goldenFiles.js';
import { rocAuc } from '../../src/numerics/rocAuc.js';

let dir = '';
const TEST_DIGITS = 1505;

const TINY_CSV_AE = `model tiny
data x: [2, 2, 1] from csv("pix.csv")
network encoder(img: [2, 2, 1]) -> [2] {
  flatten
  dense(2)
}
network decoder(h: [2]) -> [2, 2, 1] {
  dense(4) |> sigmoid
  reshape([2, 2, 1])
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with sgd(lr: 0.1)
  batch 4
  steps 2
}
`;

const TINY_GAN = `model gan
latent z: [2] ~ normal()
network G(noise: [2]) -> [2, 2, 1] {
  dense(4) |> sigmoid
  reshape([2, 2, 1])
}
network D(img: [2, 2, 1], other: [2]) -> [1] {
  pixels = img |> flatten
  concat(pixels, other) |> dense(1)
}
loss g = bce_logits(1, D(G(z), z))
train {
  step G: minimize g over G with adam()
  batch 4
  steps 1
}
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aeganc-examples-'));
  const rows = Array.from({ length: 16 }, (_, i) => [0, 1, 2, 3].map((j) => ((i * 7 + j * 3) % 10) / 10).join(','));
  writeFileSync(path.join(dir, 'pix.csv'), `p0,p1,p2,p3\n${rows.join('\n')}\n`);
  writeFileSync(path.join(dir, 'tiny.aegan'), TINY_CSV_AE);
  writeFileSync(path.join(dir, 'gan.aegan'), TINY_GAN);
  const runs: [string, string[]][] = [
    ['one', [path.join(ROOT, 'examples/mnist-one-class-ae.aegan'), '--steps', '40', '--batch', '32']],
    ['tiny', ['tiny.aegan']],
    ['gan', ['gan.aegan']],
  ];
  for (const [out, args] of runs) {
    const trained = await runCli(['train', ...args, '--backend', 'cpu', '--out', out, '--quiet'], dir);
    expect(trained.stderr, out).toBe('');
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csvRows = (file: string) => readFileSync(path.join(dir, file), 'utf8').trim().split('\n').map((l) => l.split(','));

describe('aeganc score', () => {
  it('scores every test digit and reports the ROC-AUC of "not the trained digit", as the CSV says', async () => {
    const scored = await runCli(['score', 'one', '--backend', 'cpu'], dir);
    expect(scored.stderr).toBe('');
    expect(scored.stdout).toMatch(/^scored 1,505 examples of mnist\(split: "test"\) by reconstruction mean squared error: one\/scores.csv$/m);
    const [header, ...rows] = csvRows('one/scores.csv');
    expect(header).toEqual(['index', 'label', 'score', 'anomalous']);
    expect(rows).toHaveLength(TEST_DIGITS);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
    expect(rows.every((r) => (r[3] === '0') === (r[1] === '0'))).toBe(true);
    const auc = rocAuc(rows.map((r) => Number(r[2])), rows.map((r) => r[3] === '1'));
    expect(scored.stdout).toContain(`ROC-AUC ${auc!.toFixed(4)}: normal classes 0, ${(rows.filter((r) => r[3] === '1').length).toLocaleString('en-US')} anomalies of 1,505`);
    // Even 40 steps on zeros tell zeros from other digits better than chance.
    expect(auc).toBeGreaterThan(0.6);
  }, 120_000);

  it('--normal chooses the normal classes', async () => {
    const other = await runCli(['score', 'one', '--backend', 'cpu', '--normal', '1,7', '-o', 'other-scores.csv'], dir);
    expect(other.stderr).toBe('');
    expect(other.stdout).toMatch(/normal classes 1, 7,/);
    const rows = csvRows('other-scores.csv').slice(1);
    expect(rows.every((r) => (r[3] === '0') === (r[1] === '1' || r[1] === '7'))).toBe(true);
    expect((await runCli(['score', 'one', '--normal', 'zero'], dir)).status).toBe(2);
    const noSuchClass = await runCli(['score', 'one', '--backend', 'cpu', '--normal', '3,11', '-o', 'none.csv'], dir);
    expect(noSuchClass.status).toBe(2);
    expect(noSuchClass.stderr).toMatch(/^error: --normal 3,11: the labels are classes 0 to 9, so there is no class 11\n/);
  }, 120_000);

  it('refuses runs it cannot score, and --split on a source without splits', async () => {
    const gan = await runCli(['score', 'gan', '--backend', 'cpu'], dir);
    expect(gan.status).toBe(1);
    expect(gan.stderr).toMatch(/error\[E0547\]: model `gan` has neither an autoencoder nor a critic/);
    const split = await runCli(['score', 'tiny', '--backend', 'cpu', '--split', 'test'], dir);
    expect(split.stderr).toMatch(/error\[E0545\]: --split test: data source `csv` has no train and test splits/);
    const plain = await runCli(['score', 'tiny', '--backend', 'cpu'], dir);
    expect(plain.stderr).toBe('');
    expect(csvRows('tiny/scores.csv')[0]).toEqual(['index', 'score']);
  });
});

describe('aeganc encode', () => {
  it('writes codes as .npy (N × code) and as .csv with the labels, and prints the compression', async () => {
    const npy = await runCli(['encode', 'one', '--backend', 'cpu', '--split', 'test'], dir);
    expect(npy.stderr).toBe('');
    expect(npy.stdout).toMatch(/encoded 1,505 examples of mnist\(split: "test"\) to one\/codes.npy/);
    expect(npy.stdout).toMatch(/code: 32 values per example = 1,024 bits as float32, for 784 inputs = 6,272 bits \(8-bit\): compression ratio 6.13×/);
    const bytes = readFileSync(path.join(dir, 'one/codes.npy'));
    expect(bytes.subarray(0, 128).toString('latin1')).toMatch(/'shape': \(1505, 32\)/);
    const csv = await runCli(['encode', 'one', '--backend', 'cpu', '--split', 'test', '-o', 'codes.csv'], dir);
    expect(csv.stderr).toBe('');
    const [header, ...rows] = csvRows('codes.csv');
    expect(header).toHaveLength(33);
    expect(header!.at(-1)).toBe('label');
    expect(rows).toHaveLength(TEST_DIGITS);
    const fromNpy = new Float32Array(bytes.buffer.slice(bytes.byteOffset + bytes.length - TEST_DIGITS * 32 * 4, bytes.byteOffset + bytes.length));
    expect(rows[5]!.slice(0, 32).map(Number)).toEqual(Array.from(fromNpy.subarray(5 * 32, 6 * 32)));
  }, 120_000);

  it('--probe fits on the train codes and reports test accuracy above chance', async () => {
    // wasm: the probe encodes both splits (10k digits), several times quicker than on cpu.
    const probed = await runCli(['encode', 'one', '--backend', 'wasm', '--probe', '-o', 'probe.npy'], dir);
    expect(probed.stderr).toBe('');
    const accuracy = Number(/test accuracy ([\d.]+)% on 1,505 examples \(train [\d.]+% on 8,495\)/.exec(probed.stdout)?.[1]);
    expect(accuracy).toBeGreaterThan(30);
  }, 300_000);

  it('refuses a model that is not an autoencoder, and --probe without splits', async () => {
    const gan = await runCli(['encode', 'gan', '--backend', 'cpu'], dir);
    expect(gan.status).toBe(1);
    expect(gan.stderr).toMatch(/error\[E0544\]: `aeganc encode` needs an autoencoder, and model `gan` has no loss/);
    const probe = await runCli(['encode', 'tiny', '--backend', 'cpu', '--probe'], dir);
    expect(probe.stderr).toMatch(/error\[E0546\]: --probe needs class labels and both splits, and data source `csv` has no train and test splits/);
  });
});
