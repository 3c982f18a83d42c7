// `train --resume` continues a checkpoint only under the spec that wrote it:
// an edited optimizer, loss or `--set` is refused (E0520, naming the change),
// while what only shapes the run's length and output may change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './runCli.js';

const SPEC = `model tiny
param width = 3
data x: [4] from csv("x.csv")

network f(v: [4]) -> [4] {
  dense(width) |> relu
  dense(4) |> sigmoid
}

loss recon = mse(x, f(x))

train {
  step s: minimize recon over f with adam(lr: 1e-2)
  steps 2
  batch 4
  seed 1
}
`;

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aeganc-resume-'));
  const rows = Array.from({ length: 8 }, (_, i) => [0, 1, 2, 3].map((j) => ((i + j) % 4) / 4).join(','));
  writeFileSync(path.join(dir, 'x.csv'), `${rows.join('\n')}\n`);
  writeFileSync(path.join(dir, 'tiny.aegan'), SPEC);
  const trained = await runCli(['train', 'tiny.aegan', '--backend', 'cpu', '--out', 'run', '--quiet'], dir);
  expect(trained.stderr).toBe('');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function resumeWith(spec: string, ...flags: string[]) {
  writeFileSync(path.join(dir, 'edited.aegan'), spec);
  return runCli(['train', 'edited.aegan', '--resume', 'run', '--backend', 'cpu', '--quiet', ...flags], dir);
}

describe('train --resume with a changed spec', () => {
  it('refuses another optimizer, naming the step and the change', async () => {
    const run = await resumeWith(SPEC.replace('adam(lr: 1e-2)', 'sgd(lr: 1e-2)'), '--steps', '4');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error[E0520]: `aeganc train --resume` cannot use run: its checkpoint was trained by another spec: step `s`: optimizer.kind is "sgd", was "adam"');
    expect(run.stderr).toContain(`hint: resume it with the spec as it was when the run started (its copy: ${path.join('run', 'spec.aegan')})`);
  });

  it('refuses another loss, and a --set that changes a network', async () => {
    expect((await resumeWith(SPEC.replace('mse(x', 'l1(x'), '--steps', '4')).stderr).toContain('loss `recon`: op is "l1", was "mse"');
    expect((await resumeWith(SPEC, '--set', 'width=5', '--steps', '4')).stderr).toMatch(/network `f`: .*is 5, was 3/);
  });

  it('refuses a different learning rate', async () => {
    expect((await resumeWith(SPEC.replace('lr: 1e-2', 'lr: 1e-3'), '--steps', '4')).stderr).toContain('step `s`: optimizer.lr is 0.001, was 0.01');
  });

  it('continues when only comments, layout, the length and the batch changed', async () => {
    const reformatted = `// the same model, edited\n${SPEC.replace('steps 2', 'steps 3').replace('batch 4', 'batch 2').replace('  dense(4) |> sigmoid', '  dense(4)\n    |> sigmoid')}`;
    const run = await resumeWith(reformatted);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'run', 'run.json'), 'utf8')).spec).toBe(path.join(dir, 'edited.aegan'));
  });

  it('refuses a length the run has already reached, and leaves run.json as it was', async () => {
    const info = readFileSync(path.join(dir, 'run', 'run.json'), 'utf8');
    const run = await resumeWith(SPEC, '--steps', '2');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('it has already trained 3 steps, which reaches the 2 steps asked for');
    expect(run.stderr).toContain("hint: --steps and --epochs count from the run's start: give more than 3 to train on");
    expect(readFileSync(path.join(dir, 'run', 'run.json'), 'utf8')).toBe(info);
  });
});
