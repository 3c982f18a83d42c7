import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './runCli.js';
import { ROOT } from '../goldenFiles.js';

// `train` runs in a folder of its own: were a limit missed, the run it starts writes nothing here.
const scratch = mkdtempSync(path.join(tmpdir(), 'aeganc-limits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const train = (spec: string, ...flags: string[]) => runCli(['train', path.join(ROOT, 'examples', spec), '--quiet', ...flags], scratch);

// The limits the checker applies to a spec hold for the flags that replace its settings too.
describe('limits on the command line', () => {
  it('check --summary states parameters, weight memory and activations per batch', async () => {
    const run = await runCli(['check', '--summary', 'examples/mnist-ae.aegan']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('model mnist_ae: 435,536 parameters (trainable 435,536, non-trainable 0)');
    expect(run.stdout).toMatch(/ {2}weights {24}1\.7 MiB\n/);
    expect(run.stdout).toMatch(/ {2}optimizer state and gradients {2}5 MiB\n/);
    expect(run.stdout).toMatch(/ {2}activations per batch of 128 {3}\d[\d.]* MiB\n/);
    expect(run.stdout).toMatch(/ {2}estimated total {16}\d[\d.]* MiB \(limit 4 GiB\)\n/);
  });

  it('check --summary --format json carries the same estimate', async () => {
    const run = await runCli(['check', '--summary', '--format', 'json', 'examples/mnist-ae.aegan']);
    const { resources } = JSON.parse(run.stdout.trim()) as { resources: Record<string, number> };
    expect(resources).toMatchObject({ parameters: 435536, trainable: 435536, nonTrainable: 0, weightBytes: 4 * 435536, batch: 128, limitBytes: 2 ** 32 });
    expect(resources.totalBytes).toBe(resources.weightBytes! + resources.trainingStateBytes! + resources.activationBytes!);
  });

  it('train --batch that makes a tensor too large is a usage error before anything is allocated', async () => {
    const run = await train('mnist-ae.aegan', '--batch', '2000000000');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error[E0314]: with batch 2,000,000,000, a batch of `x` (line 20) would hold 1,568,000,000,000 elements, more than the 2,147,483,647 a tensor can hold');
    expect(run.stderr).toContain('mnist-ae.aegan (--batch)');
    expect(run.stdout).toBe('');
  });

  it('train --steps that, times the repeats, runs out of seed streams', async () => {
    const run = await train('mnist-wgan-gp.aegan', '--steps', '1000000000');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error[E0227]: the number of step executions, 1,000,000,000 steps × 6 per iteration, is 6,000,000,000, more than the limit of 4,294,967,293');
    expect(run.stderr).toContain('(--steps)');
  });

  it('train --batch, --steps and --seed beyond their ranges', async () => {
    for (const [flag, value, message] of [
      ['--batch', '1e12', '--batch must be an integer from 1 to 2147483647, not 1e12'],
      ['--steps', '1e12', '--steps must be an integer from 1 to 4294967293, not 1e12'],
      ['--seed', '4294967296', '--seed must be an integer from 0 to 4294967295, not 4294967296'],
    ] as const) {
      const run = await train('mnist-ae.aegan', flag, value);
      expect(run.status, flag).toBe(2);
      expect(run.stderr, flag).toContain(message);
    }
  });

  it('--set __proto__=16 is an unknown param like any other, with a suggestion for a near miss', async () => {
    const proto = await runCli(['check', 'examples/mnist-ae.aegan', '--set', '__proto__=16']);
    expect(proto.status).toBe(2);
    expect(proto.stderr).toContain('error[E0501]: --set names `__proto__`, which is not a param\n  --> examples/mnist-ae.aegan (--set __proto__)\n   = hint: the params are code');
    const near = await runCli(['check', 'examples/mnist-ae.aegan', '--set', 'cod=16', '--format', 'json']);
    expect(JSON.parse(near.stdout.trim())).toMatchObject({ code: 'E0501', field: '--set cod', hint: 'did you mean `code`?' });
  });
});
