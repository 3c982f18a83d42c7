// A reader that goes away (`aeganc train | head`) must not kill the command:
// its writes hit EPIPE, which used to be an unhandled 'error' event (exit 1 or
// 7, a stack trace, and a training run stopped with no checkpoint).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI, closes its stdout after the first chunk, and resolves to its exit status and stderr. */
function runWithReaderGone(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), ...args], { cwd: ROOT });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.once('data', () => child.stdout.destroy());
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

describe('a closed stdout', () => {
  it('lets check finish with its own exit status', async () => {
    const { status, stderr } = await runWithReaderGone(['check', '--summary', 'examples/mnist-fashion-cyclegan.aegan']);
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(status).toBe(0);
  });

  it('lets train run to its end and write its checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aeganc-epipe-'));
    dirs.push(dir);
    const out = join(dir, 'run');
    const { status, stderr } = await runWithReaderGone([
      'train', 'examples/mnist-ae.aegan', '--steps', '40', '--batch', '16', '--backend', 'cpu', '--out', out,
    ]);
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(status).toBe(0);
    expect(existsSync(join(out, 'checkpoint.ckpt'))).toBe(true);
    expect(existsSync(join(out, 'train.lock'))).toBe(false);
  }, 60_000);
});
