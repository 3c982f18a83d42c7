// SIGTERM and Ctrl-C in the PyTorch program, as `aeganc train` takes them:
// the iteration under way finishes, the metrics so far and a checkpoint are
// written, the exit status is 143 (130), and `--resume DIR` continues to the
// same numbers as a run that was never stopped. The fixture (zoo.aegan) has
// random draws per step, batchnorm-like state, optimizer slots of three kinds,
// EMA and two data cursors: everything a resume has to carry.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';
import { pythonPath } from '../oracle/torchOracle.js';
import { decodeCheckpoint } from '../../src/host/checkpoint.js';
import { runProgram, torchUnavailable } from './harness.js';

const DIR = join(tmpdir(), `aeganc-pytorch-interrupt-${process.pid}`);
const PROGRAM = join(DIR, 'zoo-pt');
const STEPS = 400;
const unavailable = torchUnavailable();
if (unavailable) console.warn(`skipping the PyTorch interrupt tests: ${unavailable}`);

interface Stopped {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Starts train.py with progress lines and sends `signal` once it reports iteration `after`. */
function trainAndStop(out: string, signal: NodeJS.Signals, after: number): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonPath(), [join(PROGRAM, 'train.py'), '--cpu', '--threads', '1', '--steps', String(STEPS), '--out', out], {
      cwd: DIR,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && new RegExp(`^iteration ${after} `, 'm').test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('exit', (status, killedBy) => resolve({ status, signal: killedBy, stderr }));
  });
}

function metricLines(run: string): { step: number; losses: Record<string, number> }[] {
  return readFileSync(join(run, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { step: number; losses: Record<string, number> });
}

function checkpointOf(run: string) {
  const decoded = decodeCheckpoint(readFileSync(join(run, 'checkpoint.ckpt')));
  if (typeof decoded === 'string') throw new Error(`${run}: ${decoded}`);
  return decoded;
}

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  for (const f of ['zoo.aegan', 'zoo-images.npy', 'zoo-rows.csv']) copyFileSync(join(ROOT, 'test/pytorch/fixtures', f), join(DIR, f));
  if (unavailable) return;
  const built = await runCli(['build', 'zoo.aegan', '--target', 'pytorch', '-o', 'zoo-pt'], DIR);
  if (built.status !== 0) throw new Error(built.stderr);
  await runProgram(PROGRAM, ['--steps', String(STEPS), '--out', join(DIR, 'whole')]);
}, 300_000);

describe('the PyTorch program stopped by a signal', () => {
  it.skipIf(unavailable !== undefined)('SIGTERM: checkpoint and metrics of the finished iterations, exit 143; --resume ends where an unstopped run ends', async () => {
    const run = join(DIR, 'stopped');
    const stopped = await trainAndStop(run, 'SIGTERM', 5);
    expect(stopped.signal, stopped.stderr).toBeNull();
    expect(stopped.status, stopped.stderr).toBe(143);
    const at = checkpointOf(run).header.counters.iteration;
    expect(at).toBeGreaterThanOrEqual(5);
    expect(at).toBeLessThan(STEPS);
    expect(stopped.stderr).toContain(`interrupted at iteration ${at}; wrote ${run} (continue with --resume ${run})`);
    // Nothing computed is lost: one line per finished iteration, the same as the whole run's.
    const whole = metricLines(join(DIR, 'whole'));
    expect(metricLines(run).map((l) => l.step)).toEqual(Array.from({ length: at }, (_, i) => i + 1));
    expect(metricLines(run).map((l) => l.losses)).toEqual(whole.slice(0, at).map((l) => l.losses));
    // The interpreter reads the checkpoint.
    const sampled = await runCli(['sample', run, '-o', join(DIR, 'stopped.png')], DIR);
    expect(sampled.status, sampled.stderr).toBe(0);

    await runProgram(PROGRAM, ['--resume', run]);
    expect(metricLines(run).map((l) => l.step)).toEqual(whole.map((l) => l.step));
    expect(metricLines(run).map((l) => l.losses)).toEqual(whole.map((l) => l.losses));
    const resumed = checkpointOf(run);
    const reference = checkpointOf(join(DIR, 'whole'));
    expect(resumed.header.counters).toEqual(reference.header.counters);
    for (const [name, values] of reference.values) expect(resumed.values.get(name), name).toEqual(values);
    const info = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as { train: { steps: number }; resumed: string[] };
    expect(info.train.steps).toBe(STEPS);
    expect(info.resumed).toHaveLength(1);
  }, 300_000);

  it.skipIf(unavailable !== undefined)('SIGINT (Ctrl-C) exits 130 with its checkpoint', async () => {
    const run = join(DIR, 'interrupted');
    const stopped = await trainAndStop(run, 'SIGINT', 3);
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr).not.toContain('Traceback');
    const at = checkpointOf(run).header.counters.iteration;
    expect(metricLines(run).at(-1)!.step).toBe(at);
  }, 300_000);

  it.skipIf(unavailable !== undefined)('--resume refuses a folder with no run, and --out beside it, in one line', async () => {
    const empty = join(DIR, 'empty');
    mkdirSync(empty, { recursive: true });
    const none = await runProgram(PROGRAM, ['--resume', empty]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(none?.code).toBe(1);
    expect(none?.stderr).toMatch(/^error: --resume .*empty: no readable run\.json there/);
    expect(none?.stderr).not.toContain('Traceback');
    const both = await runProgram(PROGRAM, ['--resume', join(DIR, 'whole'), '--out', empty]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(both?.stderr).toBe('error: --resume continues in its own directory from its own checkpoint; drop --out and --init-from\n');
  }, 300_000);
});
