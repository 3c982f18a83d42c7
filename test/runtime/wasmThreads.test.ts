// `aeganc train --threads N|auto`: the wasm backend's threaded SIMD build, made to
// start in Node by src/host/wasmThreads.ts. The thread count is fixed once
// wasm initialises in a process, so each run below is a CLI process of its
// own; the refusals are checked in process.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { selectBackend } from '../../src/host/backend.js';
import { idleCoreThreads, threadedFiles } from '../../src/host/wasmThreads.js';
import { ROOT } from '../goldenFiles.js';
import { runNode } from '../runNode.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** An MLP autoencoder on 64 rows of 64 columns: matmuls wide enough for XNNPACK to split between threads. */
async function specDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-threads-'));
  dirs.push(dir);
  const columns = Array.from({ length: 64 }, (_, j) => `c${j}`);
  const rows = Array.from({ length: 64 }, (_, i) => columns.map((_, j) => (((i * 31 + j * 17) % 97) / 97).toFixed(4)).join(','));
  await writeFile(path.join(dir, 'rows.csv'), `${columns.join(',')}\n${rows.join('\n')}\n`);
  await writeFile(
    path.join(dir, 'wide.aegan'),
    `model wide
data x: [64] from csv("rows.csv")

network encoder(v: [64]) -> [16] {
  dense(256) |> relu
  dense(16) |> relu
}

network decoder(h: [16]) -> [64] {
  dense(256) |> relu
  dense(64) |> sigmoid
}

loss recon = mse(x, decoder(encoder(x)))

train {
  step ae: minimize recon over encoder, decoder with adam(lr: 0.01)
  batch 64
  steps 6
  seed 7
}
`,
  );
  return dir;
}

/** Trains wide.aegan in a new process; the losses of every step, and run.json. */
async function trainInProcessOfItsOwn(dir: string, out: string, extra: string[]): Promise<{ losses: unknown[]; info: Record<string, unknown>; stdout: string }> {
  // From the repository root, where `--import tsx` resolves.
  const args = ['train', path.join(dir, 'wide.aegan'), '--backend', 'wasm', '--out', path.join(dir, out), '--quiet', ...extra];
  const stdout = await runNode(['--import', 'tsx', path.join(ROOT, 'src/cli/run.ts'), ...args]);
  const lines = (await readFile(path.join(dir, out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  const info = JSON.parse(await readFile(path.join(dir, out, 'run.json'), 'utf8')) as Record<string, unknown>;
  return { losses: lines.map((l) => (JSON.parse(l) as { losses: unknown }).losses), info, stdout };
}

async function cli(args: string[]): Promise<{ status: number; err: string }> {
  let err = '';
  const io: CliIo = { stdout: () => undefined, stderr: (t) => (err += t), cwd: ROOT, isTTY: false };
  return { status: await main(args, io), err };
}

describe('wasm on several threads', () => {
  it('trains on 2 threads deterministically, with the losses of 1 thread, and threads 1 is today\'s run', async () => {
    const dir = await specDir();
    const today = await trainInProcessOfItsOwn(dir, 'today', []);
    const one = await trainInProcessOfItsOwn(dir, 'one', ['--threads', '1']);
    const twoA = await trainInProcessOfItsOwn(dir, 'twoA', ['--threads', '2']);
    const twoB = await trainInProcessOfItsOwn(dir, 'twoB', ['--threads', '2']);
    expect(today.losses).toHaveLength(6);
    expect(one.losses).toEqual(today.losses);
    expect(twoA.losses).toEqual(twoB.losses);
    // XNNPACK splits a matmul by output tiles: each sum keeps its order.
    expect(twoA.losses).toEqual(one.losses);
    expect(twoA.stdout).toContain('on wasm (2 threads)');
    expect(twoA.info['threads']).toBe(2);
    expect(one.info).not.toHaveProperty('threads');
    // auto: the idle cores, whatever they are now; the numbers cannot change with them.
    const auto = await trainInProcessOfItsOwn(dir, 'auto', ['--threads', 'auto']);
    expect(auto.losses).toEqual(one.losses);
    expect(auto.stdout).toMatch(/training wide on wasm( \([2-8] threads\))?: 6 steps/);
    // --resume keeps the recorded pool: the run goes on as it started.
    const resumed = await runNode(['--import', 'tsx', path.join(ROOT, 'src/cli/run.ts'), 'train', path.join(dir, 'wide.aegan'), '--resume', path.join(dir, 'twoA'), '--steps', '8', '--quiet']);
    expect(resumed).toContain('resuming wide on wasm (2 threads): 8 steps');
  }, 600_000); // six CLI processes, on a machine that may be busy

  it('counts the idle cores for --threads auto: the cores less the load, 1 to 8', () => {
    expect(idleCoreThreads(0, 2)).toBe(2);
    expect(idleCoreThreads(0.4, 2)).toBe(2);
    expect(idleCoreThreads(0.6, 2)).toBe(1);
    expect(idleCoreThreads(5, 2)).toBe(1);
    expect(idleCoreThreads(2.2, 8)).toBe(6);
    expect(idleCoreThreads(0, 64)).toBe(8);
  });

  it('refuses a thread count outside 1..8 as a usage error', async () => {
    for (const n of ['0', '9', 'two']) {
      const run = await cli(['train', 'examples/mnist-ae.aegan', '--threads', n]);
      expect(run.status, n).toBe(2);
      expect(run.err).toContain(`--threads must be \`auto\` or an integer from 1 to 8, not ${n}`);
    }
  });

  it('refuses --threads with a backend other than wasm', async () => {
    const run = await cli(['train', 'examples/mnist-ae.aegan', '--backend', 'cpu', '--threads', '2', '--steps', '1']);
    expect(run.status).toBe(1);
    expect(run.err).toContain("error[E0535]: --threads 2 sets the wasm backend's thread pool, but this run uses the `cpu` backend");
    expect(run.err).toContain('hint: add --backend wasm');
  });

  it('finds the threaded build\'s worker and module files in the installed package, and names a missing one', () => {
    const dist = path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    const files = threadedFiles(dist);
    expect(files).toMatchObject({ moduleFile: path.join(dist, '..', 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js') });
    // The "\n" of its error printer stays an escape: the script parses.
    expect(() => new Function((files as { workerSource: string }).workerSource)).not.toThrow();
    const missing = threadedFiles(path.join(ROOT, 'no-such-package/dist'));
    expect(missing).toMatchObject({ problem: expect.stringContaining('cannot read') });
  });

  it('cannot change the thread count of a wasm backend already running in the process', async () => {
    expect((await selectBackend('wasm')).value?.name).toBe('wasm');
    const again = await selectBackend('wasm', { threads: 3 });
    expect(again.value).toBeUndefined();
    expect(again.diagnostics[0]).toMatchObject({
      code: 'E0536',
      message: 'the wasm backend already runs on 1 thread(s) in this process and cannot switch to 3',
      field: '--threads',
    });
    expect(again.diagnostics[0]!.hint).toContain('--threads 1');
    // Asking for auto, or for no count, takes the pool there is.
    expect((await selectBackend('wasm', { threads: 'auto' })).value).toEqual({ name: 'wasm', threads: 1 });
    expect((await selectBackend('auto')).value).toEqual({ name: 'wasm', threads: 1 });
  });
});
