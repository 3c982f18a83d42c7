// `aeganc build --target pytorch` through the CLI: the folder it writes, what
// the program looks like, refusals, and interop with aeganc runs: starting
// from an aeganc checkpoint keeps every tensor (the NHWC ↔ NCHW and kernel
// layout conversions are exact inverses), and `aeganc sample` reads the
// program's run directory.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';
import { pythonPath } from '../oracle/torchOracle.js';
import { decodeCheckpoint } from '../../src/host/checkpoint.js';
import { runProgram, torchUnavailable } from './harness.js';

const DIR = join(tmpdir(), `aeganc-pytorch-cli-${process.pid}`);
const unavailable = torchUnavailable();
if (unavailable) console.warn(`skipping the PyTorch run tests of aeganc build: ${unavailable}`);

beforeEach(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  copyFileSync(join(ROOT, 'examples/mnist-dcgan.aegan'), join(DIR, 'gan.aegan'));
  for (const f of ['zoo.aegan', 'zoo-images.npy', 'zoo-rows.csv']) copyFileSync(join(ROOT, 'test/pytorch/fixtures', f), join(DIR, f));
});

describe('aeganc build --target pytorch', () => {
  it('writes <stem>-pytorch/train.py and the embedded MNIST as .npy', async () => {
    const run = await runCli(['build', 'gan.aegan', '--target', 'pytorch'], DIR);
    expect(run.stderr).toBe('wrote gan-pytorch/train.py and 2 data file(s)\n');
    expect(run.status).toBe(0);
    expect(readdirSync(join(DIR, 'gan-pytorch', 'data')).sort()).toEqual(['mnist-train-images.npy', 'mnist-train-labels.npy']);
    const program = readFileSync(join(DIR, 'gan-pytorch', 'train.py'), 'utf8');
    expect(program).toContain('class G(nn.Module):');
    expect(program).toContain('class D(nn.Module):');
    // Each layer under the .aegan line it came from.
    expect(program).toContain('        # line 6: dense(7 * 7 * 128) |> batchnorm |> leaky_relu(0.2)\n        dense_1 = dense(noise,');
    expect(program).not.toMatch(/^from \S+ import \*/m);
    expect(program).not.toMatch(/^(import|from) aeganc/m);
  });

  it('refuses -o - (a folder is written) and a file as the folder, writing nothing', async () => {
    const dash = await runCli(['build', 'gan.aegan', '--target', 'pytorch', '-o', '-'], DIR);
    expect(dash.status).toBe(2);
    expect(dash.stderr).toContain('error[E0508]');
    expect(dash.stderr).toContain('not stdout');
    writeFileSync(join(DIR, 'taken'), 'x');
    const file = await runCli(['build', 'gan.aegan', '--target', 'pytorch', '-o', 'taken'], DIR);
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('it is a file, not a directory');
    expect(file.stderr).toContain('hint:');
    expect(readdirSync(DIR).sort()).toEqual(['gan.aegan', 'taken', 'zoo-images.npy', 'zoo-rows.csv', 'zoo.aegan']);
  });

  it.skipIf(unavailable !== undefined)('is PEP 8 clean enough to compile, and --help runs without aeganc', async () => {
    await runCli(['build', 'zoo.aegan', '--target', 'pytorch', '-o', 'zoo-pt'], DIR);
    const compiled = spawnSync(pythonPath(), ['-m', 'py_compile', join(DIR, 'zoo-pt', 'train.py')], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    const help = spawnSync(pythonPath(), [join(DIR, 'zoo-pt', 'train.py'), '--help'], { encoding: 'utf8', cwd: tmpdir() });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--init-from');
  });

  it.skipIf(unavailable !== undefined)('starts from an aeganc run with every tensor kept, and aeganc sample reads its run', async () => {
    const trained = await runCli(['train', 'zoo.aegan', '--steps', '2', '--out', 'ts-run', '--backend', 'cpu'], DIR);
    expect(trained.status, trained.stderr).toBe(0);
    await runCli(['build', 'zoo.aegan', '--target', 'pytorch', '-o', 'zoo-pt'], DIR);
    // --steps 2: the run is already there, so nothing trains and the checkpoint is written back as read.
    await runProgram(join(DIR, 'zoo-pt'), ['--steps', '2', '--init-from', join(DIR, 'ts-run'), '--out', join(DIR, 'pt-run')]);
    const before = decodeCheckpoint(readFileSync(join(DIR, 'ts-run', 'checkpoint.ckpt')));
    const after = decodeCheckpoint(readFileSync(join(DIR, 'pt-run', 'checkpoint.ckpt')));
    if (typeof before === 'string' || typeof after === 'string') throw new Error(`${before} ${after}`);
    expect(after.header.counters).toEqual(before.header.counters);
    expect([...after.values.keys()]).toEqual([...before.values.keys()]);
    for (const [name, values] of before.values) expect(after.values.get(name), name).toEqual(values);

    await runProgram(join(DIR, 'zoo-pt'), ['--steps', '4', '--init-from', join(DIR, 'ts-run'), '--out', join(DIR, 'pt-run-2')]);
    const lines = readFileSync(join(DIR, 'pt-run-2', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([3, 4]);
    // Gradient norms are logged at iteration 1 and every 10th, as the interpreter logs them.
    expect(Object.keys(lines[0]).sort()).toEqual(['epoch', 'losses', 'samples_per_second', 'step']);
    const sampled = await runCli(['sample', join(DIR, 'pt-run-2'), '-o', join(DIR, 'grid.png')], DIR);
    expect(sampled.status, sampled.stderr).toBe(0);
    expect(existsSync(join(DIR, 'grid.png'))).toBe(true);
    const resumed = await runCli(['train', 'zoo.aegan', '--resume', join(DIR, 'pt-run-2'), '--steps', '5', '--backend', 'cpu'], DIR);
    expect(resumed.status, resumed.stderr).toBe(0);
  }, 300_000);

  it.skipIf(unavailable !== undefined)('aeganc eval and report read a run the program trained', async () => {
    copyFileSync(join(ROOT, 'examples/mnist-ae.aegan'), join(DIR, 'ae.aegan'));
    await runCli(['build', 'ae.aegan', '--target', 'pytorch', '-o', 'ae-pt'], DIR);
    await runProgram(join(DIR, 'ae-pt'), ['--steps', '11', '--batch', '8', '--out', join(DIR, 'pt-ae')]);
    const logged = readFileSync(join(DIR, 'pt-ae', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(logged.filter((l) => 'grad_norms' in l).map((l) => l.step)).toEqual([1, 10]);
    expect(Object.keys(logged[0])).toEqual(['step', 'epoch', 'losses', 'grad_norms', 'samples_per_second']);
    // Computed only at those iterations, and computed there: a real norm, not the placeholder 0.
    for (const l of logged.filter((l) => 'grad_norms' in l)) for (const norm of Object.values(l.grad_norms)) expect(norm).toBeGreaterThan(0);
    const evaluated = await runCli(['eval', join(DIR, 'pt-ae')], DIR);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(DIR, 'pt-ae', 'eval.json'), 'utf8'));
    expect(result).toMatchObject({ model: 'mnist_ae', kind: 'autoencoder', step: 11, split: 'test' });
    // The interpreter's own reading of the PyTorch-trained weights: recon is mse per pixel.
    expect(result.losses.recon).toBeCloseTo(result.metrics.mse, 6);
    const report = await runCli(['report', join(DIR, 'pt-ae')], DIR);
    expect(report.status, report.stderr).toBe(0);
    expect(readFileSync(join(DIR, 'pt-ae', 'report.html'), 'utf8')).toContain('mnist_ae');
  }, 300_000);
});
