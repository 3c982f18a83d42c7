// `aeganc train`, `sample` and `reconstruct` end to end, in process, on the
// embedded MNIST and the cpu backend (dense-only example, a few steps).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

const root = path.join(import.meta.dirname, '../..');
let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: root, isTTY: false };
  const status = await main(args, io);
  return { status, out, err };
}

describe('aeganc train / sample / reconstruct', () => {
  it('trains, then resumes to more steps, then samples and reconstructs', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aeganc-cli-'));
    const out = path.join(dir, 'run');
    const spec = 'examples/mnist-aae.aegan';
    const first = await run(['train', spec, '--backend', 'cpu', '--steps', '3', '--batch', '16', '--out', out, '--quiet']);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/^training mnist_aae on cpu: 3 steps, batch 16, seed 5/);
    expect(first.out).toMatch(/step 3\/3 +recon \S+ +d_loss \S+ +g_loss \S+/);
    for (const file of ['spec.aegan', 'run.json', 'metrics.jsonl', 'checkpoint.ckpt', 'samples/step-000003.png', 'reconstructions/step-000003.png']) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'))).toMatchObject({ model: 'mnist_aae', backend: 'cpu', train: { steps: 3, batch: 16 } });

    const resumed = await run(['train', spec, '--backend', 'cpu', '--steps', '5', '--resume', out, '--quiet']);
    expect(resumed.status).toBe(0);
    expect(resumed.out).toMatch(/^resuming mnist_aae on cpu: 5 steps, batch 16/);
    expect(readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step)).toEqual([1, 2, 3, 4, 5]);

    const sampled = await run(['sample', out, '--n', '16', '-o', path.join(dir, 's.png'), '--backend', 'cpu']);
    expect(sampled.err).toBe('');
    expect(sampled.out).toMatch(/wrote 16 samples/);
    const png = PNG.sync.read(readFileSync(path.join(dir, 's.png')));
    expect([png.width, png.height]).toEqual([4 * 28 + 3, 4 * 28 + 3]);

    const noEma = await run(['sample', out, '--ema', '--backend', 'cpu']);
    expect(noEma.status).toBe(1);
    expect(noEma.err).toMatch(/error\[E0506\]: --ema: the spec keeps no EMA/);

    const rec = await run(['reconstruct', out, '--backend', 'cpu']);
    expect(rec.err).toBe('');
    expect(rec.out).toMatch(/wrote 32 reconstructions/);
    expect(existsSync(path.join(out, 'reconstruction.png'))).toBe(true);
  }, 120_000);

  it('refuses conflicting flags and a run directory that already holds a run', async () => {
    expect((await run(['train', 'examples/mnist-ae.aegan', '--steps', '3', '--epochs', '1'])).status).toBe(2);
    const again = await run(['train', 'examples/mnist-aae.aegan', '--backend', 'cpu', '--steps', '1', '--out', path.join(dir, 'run')]);
    expect(again.status).toBe(2);
    expect(again.err).toMatch(/already holds a run; continue it with --resume/);
    const missing = await run(['sample', path.join(dir, 'nowhere')]);
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/error\[E0503\]: cannot read .*run.json: no such file/);
  });
});
