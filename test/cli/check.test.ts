import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

const scratch = mkdtempSync(join(tmpdir(), 'aegan-cli-'));
const write = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

describe('aeganc check', () => {
  it('exits 0 on clean specs and says so', async () => {
    const run = await runCli(['check', 'examples/mnist-ae.aegan', 'examples/mnist-dcgan.aegan']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('examples/mnist-ae.aegan: 0 errors, 0 warnings');
  });

  it('exits 1 with rendered diagnostics on the seed article\'s bugs', async () => {
    const run = await runCli(['check', 'examples/errors/seed-autoencoder.aegan']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error[E0301]: `encoder` expects [28] but `x` is [28, 28]');
    expect(run.stderr).toContain('--> examples/errors/seed-autoencoder.aegan:15:37');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 0 with warnings only', async () => {
    const path = write('warn.aegan', 'param unused = 1\ndata x: [4] from csv("x.csv")\nnetwork f(v: [4]) -> [4] {\n  dense(4) |> sigmoid\n}\nloss l = mse(x, f(x))\ntrain {\n  step s: minimize l over f with adam()\n  steps 1\n}\n');
    const run = await runCli(['check', path]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning[W0601]: param `unused` is never used');
  });

  it('emits JSON diagnostics for tools', async () => {
    const run = await runCli(['check', '--format', 'json', 'examples/errors/seed-gan.aegan']);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ code: 'E0302', severity: 'error', file: 'examples/errors/seed-gan.aegan', line: 11, column: 43 });
    expect(lines.every((l) => typeof l.hint === 'string')).toBe(true);
  });

  it('re-checks with --set and reports unknown names as usage errors', async () => {
    expect((await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'code=16'])).status).toBe(0);
    const unknown = await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'cod=16']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('error[E0501]: --set names `cod`, which is not a param');
    expect(unknown.stderr).toContain('did you mean `code`?');
    const bad = await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'code=big']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('E0502');
    const huge = await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'code=1e400']);
    expect(huge.stderr).toContain('error[E0502]: --set code=1e400: `1e400` is not a finite number');
    const twice = await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'code=8', '--set', 'code=16']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('error[E0502]: --set code=16: `code` is already set to 8 by an earlier --set');
  });

  it('says so when a value that fails came from --set, which the source line does not show', async () => {
    const negative = await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'code=-5']);
    expect(negative.status).toBe(1);
    expect(negative.stderr).toContain('note: `code` is -5 here, by --set code=-5\n');
    const digit = await runCli(['check', 'examples/mnist-one-class-ae.aegan', '--set', 'digit=10']);
    expect(digit.stderr).toContain('`classes` must be a list of whole numbers from 0 to 9, not digit (10)');
    expect(digit.stderr).toContain('note: `digit` is 10 here, by --set digit=10');
    const fine = await runCli(['check', 'examples/errors/seed-gan.aegan', '--set', 'unused_name=1']);
    expect(fine.stderr).not.toContain('note:');
  });

  it('reports a missing file and an unknown flag as usage errors', async () => {
    const missing = await runCli(['check', 'nope.aegan']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.aegan: no such file');
    expect((await runCli(['check', '--frobnicate', 'examples/mnist-ae.aegan'])).status).toBe(2);
    expect((await runCli(['check', 'examples/mnist-ae.aegan', '--format', 'xml'])).status).toBe(2);
  });

  it('prints a Keras-style summary', async () => {
    const run = await runCli(['check', '--summary', 'examples/mnist-ae.aegan']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('network encoder(img: [28, 28, 1])');
    expect(run.stdout).toMatch(/dense_1\s+dense\s+\[256\]\s+200,960/);
    expect(run.stdout).toContain('total 217,408 parameters (trainable 217,408, non-trainable 0)');
  });

  it('prints the summary as JSON with --format json, so stdout stays JSON lines', async () => {
    const run = await runCli(['check', '--summary', '--format', 'json', 'examples/mnist-dcgan.aegan']);
    const [line] = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { summary: { network: string; trainable: number; nonTrainable: number; layers: { name: string; parameters: number }[] }[] });
    const G = line!.summary.find((s) => s.network === 'G')!;
    expect(G.layers.find((l) => l.name === 'batchnorm_1')!.parameters).toBe(4 * 6272);
    expect(G.nonTrainable).toBe(2 * 6272 + 2 * 64);
  });
});

describe('aeganc ir', () => {
  it('prints the IR of a clean spec', async () => {
    const run = await runCli(['ir', 'examples/mnist-vae.aegan']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('network encoder(img: [28, 28, 1]) -> mu: [16]');
    expect(run.stdout).toContain('autoencoder data x encoder encoder decoder decoder');
  });
});

describe('aeganc fmt', () => {
  it('--check passes on a formatted file and fails on a messy one, which fmt then fixes', async () => {
    const messy = write('messy.aegan', 'data x:[4] from csv("x.csv")   // the data\nnetwork f(v:[4])->[4]{\n dense(4)|>sigmoid\n}\nloss l=mse(x,f(x))\ntrain{\n step s: minimize l over f with adam()\n steps 1\n}\n');
    expect((await runCli(['fmt', '--check', messy])).status).toBe(1);
    expect((await runCli(['fmt', messy])).status).toBe(0);
    expect((await runCli(['fmt', '--check', messy])).status).toBe(0);
    const printed = await runCli(['fmt', '--stdout', messy]);
    expect(printed.stdout).toContain('// the data');
    expect(printed.stdout).toContain('dense(4) |> sigmoid');
  });

  it('rewrites in place through a temporary file it leaves no trace of', async () => {
    const dir = join(scratch, 'rewrite');
    mkdirSync(dir);
    const file = join(dir, 'spec.aegan');
    writeFileSync(file, 'data x:[4] from csv("x.csv")\nnetwork f(v:[4])->[4]{\n dense(4)|>sigmoid\n}\nloss l=mse(x,f(x))\ntrain{\n step s: minimize l over f with adam()\n steps 1\n}\n');
    expect((await runCli(['fmt', file])).status).toBe(0);
    expect(readdirSync(dir)).toEqual(['spec.aegan']);
  });

  it('says what is wrong with a path it cannot read: a directory is not "no such file"', async () => {
    const dir = join(scratch, 'a-folder.aegan');
    mkdirSync(dir);
    const fmt = await runCli(['fmt', dir]);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toContain(`error[E0503]: cannot read ${dir}: it is a directory, not a file`);
    const check = await runCli(['check', dir]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(`cannot read ${dir}: it is a directory, not a file`);
    const missing = await runCli(['fmt', join(scratch, 'nope.aegan')]);
    expect(missing.stderr).toContain('nope.aegan: no such file or directory');
  });

  it('refuses devices and pipes rather than reading for ever (or waiting on a writer)', async () => {
    const device = await runCli(['check', '/dev/zero']);
    expect(device.status).toBe(2);
    expect(device.stderr).toContain('error[E0503]: cannot read /dev/zero: it is a character device, not a file');
    const fifo = join(scratch, 'pipe.aegan');
    execFileSync('mkfifo', [fifo]);
    const piped = await runCli(['check', fifo]);
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain(`cannot read ${fifo}: it is a named pipe (FIFO), not a file`);
    expect(piped.stderr).toContain('hint: name a spec file');
  });

  it('refuses a file with syntax errors', async () => {
    const broken = write('broken.aegan', 'network f(v: [4] -> [4] {\n}\n');
    const run = await runCli(['fmt', broken]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error[E0101]');
  });
});
