// `aeganc report RUN` and `aeganc runs [DIR]`, in process, on run
// directories written by hand: a whole one, a damaged one, a partial one,
// a stopped one and a folder that is no run.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { encodeCheckpoint } from '../../src/host/checkpoint.js';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from './runCli.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-runs-'));
  dirs.push(dir);
  return dir;
}

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return PNG.sync.write(image);
}

/** A well-formed checkpoint of one 100-value weight (runs checks a checkpoint's length against its header). */
function tinyCheckpoint(model: string): Uint8Array {
  const header = { format: 'aeganc-checkpoint', version: 2, model, seed: 0, counters: { iteration: 3, executions: 3, updates: [3], cursors: [] }, tensors: [{ name: 'weight:w', dtype: 'float32', shape: [100], offset: 0 }] };
  return encodeCheckpoint({ header, values: new Map([['weight:w', new Float32Array(100)]]) } as unknown as Parameters<typeof encodeCheckpoint>[0]);
}

/** A finished run as train leaves it, with eval.json and held-out records. */
async function writeRun(dir: string, model = 'vae'): Promise<void> {
  await mkdir(path.join(dir, 'samples'), { recursive: true });
  await writeFile(path.join(dir, 'spec.aegan'), `model ${model}\n// <b>not bold</b>\n`);
  await writeFile(
    path.join(dir, 'run.json'),
    JSON.stringify({ model, spec: '/x/vae.aegan', specDir: '/x', params: { beta: 4, code: 16 }, overrides: { beta: 4 }, train: { steps: 20 }, backend: 'cpu', started: '2026-01-01T00:00:00.000Z' }),
  );
  const lines = [1, 2, 3].map((step) => JSON.stringify({ step, epoch: 0, losses: { elbo: 100 / step, kl: 5 }, grad_norms: { vae: 1 } }));
  // The held-out record and eval.json as `eval every N` and `aeganc eval` write them (docs/reference.md).
  lines.push(JSON.stringify({ step: 3, epoch: 0, eval: { split: 'held-out', examples: 1500, sources: ['mnist(split: "test")'], losses: { elbo: 40, kl: 4 } } }));
  await writeFile(path.join(dir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
  await writeFile(
    path.join(dir, 'eval.json'),
    JSON.stringify({
      format: 1, run: 'runs/vae', model, kind: 'vae', step: 3, split: 'test', ema: false, examples: 1500, sources: ['mnist(split: "test")'],
      losses: { elbo: 104.9 }, metrics: { mse: 0.0105, bce: 0.0981, neg_elbo: 104.9, recon: 80.3, kl: 24.6, nll_is: 99.1, k: 200 }, generative: null,
    }),
  );
  await writeFile(path.join(dir, 'checkpoint.ckpt'), tinyCheckpoint(model));
  await writeFile(path.join(dir, 'samples', 'step-000003.png'), png(8, 8));
}

describe('aeganc report', () => {
  it('writes a self-contained report.html into the run and says what it read', async () => {
    const dir = await tempDir();
    await writeRun(dir);
    const result = await runCli(['report', dir], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('wrote report.html (4 metric records, 1 grid, eval.json)\n');
    const page = await readFile(path.join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<tr><th colspan="2" class="group">metrics</th></tr><tr><td>mse</td><td class="num">0.0105</td></tr>');
    expect(page).toContain('<td>nll_is</td><td class="num">99.1</td>');
    expect(page).toContain('<td>generative</td><td>not available</td>');
    expect(page).toContain('<td>sources</td><td>mnist(split: &quot;test&quot;)</td>');
    expect(page).toContain('<td>beta</td><td class="num">4</td><td>--set</td>');
    expect(page).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    expect(page).toContain('data-kind="eval" data-label="elbo"');
    expect(page).toContain('src="data:image/png;base64,');
    // Nothing is fetched: no URL other than data: ones.
    expect(page).not.toMatch(/(src|href)="(?!data:)/);
  });

  it('writes elsewhere with --output, and refuses an output that is a directory', async () => {
    const dir = await tempDir();
    await writeRun(dir);
    expect((await runCli(['report', dir, '-o', path.join(dir, 'copy.html')], dir)).status).toBe(0);
    expect(await readFile(path.join(dir, 'copy.html'), 'utf8')).toContain('<!DOCTYPE html>');
    const refused = await runCli(['report', dir, '-o', 'samples'], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error\[E0508\]: cannot write samples: it is a directory; give a file name\n {2}--> samples \(--output\)/);
  });

  it('refuses a missing path and a folder that is no run, with a hint', async () => {
    const dir = await tempDir();
    const missing = await runCli(['report', 'nope'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error\[E0503\]: cannot read nope: .*\n {2}--> nope \(RUN\)\n.*hint: pass a directory written by `aeganc train`/s);
    await mkdir(path.join(dir, 'empty'));
    const empty = await runCli(['report', 'empty'], dir);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^error\[E0524\]: empty is not a run directory: it holds none of run.json, spec.aegan and metrics.jsonl\n/);
  });

  it('still writes the page of a damaged run, naming what it could not read', async () => {
    const dir = await tempDir();
    await writeRun(dir);
    await writeFile(path.join(dir, 'run.json'), 'garbage');
    const result = await runCli(['report', '.'], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^note: run\.json is not valid JSON/);
    expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toContain('run.json is not valid JSON');
  });
});

describe('aeganc runs', () => {
  async function runsFolder(): Promise<string> {
    const root = await tempDir();
    await writeRun(path.join(root, 'a-good'));
    await writeRun(path.join(root, 'b-damaged'));
    await writeFile(path.join(root, 'b-damaged', 'run.json'), '{');
    await writeRun(path.join(root, 'c-partial'), 'gan');
    await rm(path.join(root, 'c-partial', 'checkpoint.ckpt'));
    await rm(path.join(root, 'c-partial', 'eval.json'));
    await writeRun(path.join(root, 'd-stopped'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(path.join(root, 'd-stopped', 'train.lock'), JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), started: '2026-01-01T00:00:00Z', token: 'x' }));
    await mkdir(path.join(root, 'e-empty'));
    await writeRun(path.join(root, 'f-truncated'));
    await truncate(path.join(root, 'f-truncated', 'checkpoint.ckpt'), 300);
    await writeFile(path.join(root, 'notes.txt'), 'not a run');
    return root;
  }

  it('lists every run with model, step, last losses, held-out and eval, and why one is not ok', async () => {
    const root = await runsFolder();
    const result = await runCli(['runs', root], root);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN +MODEL +STEP +LOSSES +HELD-OUT \/ EVAL +STATE$/);
    expect(lines[1]).toMatch(/^a-good +vae +3 +elbo 33\.3, kl 5 +elbo 40, kl 4; eval\.json: mse 0\.0105, bce 0\.0981, neg_elbo 105, recon 80\.3 +ok$/);
    expect(lines[2]).toMatch(/^b-damaged +\? +3 .* damaged: run\.json is not valid JSON/);
    expect(lines[3]).toMatch(/^c-partial +gan +3 +elbo 33\.3, kl 5 +elbo 40, kl 4 +partial: no checkpoint yet/);
    expect(lines[4]).toMatch(/^d-stopped +vae .* stopped: train\.lock left by a process that no longer runs/);
    expect(lines[5]).toMatch(/^e-empty +\? +- +- +- +not-a-run: it holds none of run\.json/);
    expect(lines[6]).toMatch(/^f-truncated +vae .* damaged: checkpoint\.ckpt: the checkpoint is truncated: it is 300 bytes of the \d+ bytes its header describes$/);
    expect(lines.length).toBe(7);
  });

  it('gives the same as JSON with --format json', async () => {
    const root = await runsFolder();
    const result = await runCli(['runs', root, '--format', 'json'], root);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout) as { runs: { run: string; state: string; eval?: Record<string, number>; heldOut: Record<string, number> }[] };
    expect(parsed.runs.map((r) => [r.run, r.state])).toEqual([['a-good', 'ok'], ['b-damaged', 'damaged'], ['c-partial', 'partial'], ['d-stopped', 'stopped'], ['e-empty', 'not-a-run'], ['f-truncated', 'damaged']]);
    expect(parsed.runs[0]!.eval).toEqual({ mse: 0.0105, bce: 0.0981, neg_elbo: 104.9, recon: 80.3, kl: 24.6, nll_is: 99.1 });
    expect(parsed.runs[0]!.heldOut).toEqual({ elbo: 40, kl: 4 });
  });

  it('lists a run directory given itself, defaults to runs/, and names a missing folder', async () => {
    const root = await tempDir();
    await writeRun(path.join(root, 'runs', 'only'));
    expect((await runCli(['runs'], root)).stdout).toMatch(/\nonly +vae +3 /);
    expect((await runCli(['runs', 'runs/only'], root)).stdout).toMatch(/\nonly +vae +3 /);
    const missing = await runCli(['runs', 'elsewhere'], root);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error\[E0525\]: cannot list the runs in elsewhere: .*\n {2}--> elsewhere \(DIR\)\n.*hint: `aeganc train FILE` writes its run under runs\/<model>-<time>\//s);
    const bad = await runCli(['runs', '--format', 'yaml'], root);
    expect(bad.status).toBe(2);
  });
});
