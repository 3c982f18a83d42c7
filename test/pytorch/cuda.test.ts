// The CUDA run (issue 11): where torch sees a GPU, the DCGAN and WGAN-GP
// examples train under `torchrun --nproc_per_node=1` on it (no --cpu), and
// run.json says so. Where none is present (CI, most machines) the test skips
// and prints why: nothing here has been run on a GPU unless that line is absent.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonPath } from '../oracle/torchOracle.js';
import { buildProgram, compileFile, readLosses, torchUnavailable } from './harness.js';

const run = promisify(execFile);
const examplesDir = path.join(import.meta.dirname, '../../examples');
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function cudaUnavailable(): string | undefined {
  const noTorch = torchUnavailable();
  if (noTorch) return noTorch;
  const probe = spawnSync(pythonPath(), ['-c', 'import torch; print(torch.cuda.device_count())'], { encoding: 'utf8' });
  const count = Number(probe.stdout.trim());
  return probe.status === 0 && count > 0 ? undefined : `torch ${pythonPath()} sees no CUDA device`;
}
const noCuda = cudaUnavailable();
if (noCuda) console.warn(`skipping the CUDA runs of the PyTorch target: ${noCuda}`);

describe.skipIf(noCuda !== undefined)('the PyTorch program on CUDA', () => {
  for (const example of ['mnist-dcgan.aegan', 'mnist-wgan-gp.aegan']) {
    it(`${example} trains under torchrun --nproc_per_node=1 on the GPU`, async () => {
      const file = path.join(examplesDir, example);
      const text = readFileSync(file, 'utf8');
      const dir = await buildProgram(compileFile(file, text), file, text);
      folders.push(dir);
      const launcher = ['-m', 'torch.distributed.run', '--redirects', '2', '--tee', '2', '--standalone', '--nproc_per_node=1'];
      await run(pythonPath(), [...launcher, path.join(dir, 'train.py'), '--quiet', '--steps', '50', '--out', path.join(dir, 'run')], { cwd: dir, timeout: 600_000 });
      expect(JSON.parse(readFileSync(path.join(dir, 'run', 'run.json'), 'utf8')).backend).toMatch(/-cuda$/);
      const losses = readLosses(path.join(dir, 'run'));
      expect(losses).toHaveLength(50);
      for (const record of losses) for (const value of Object.values(record)) expect(Number.isFinite(value)).toBe(true);
      const last = JSON.parse(readFileSync(path.join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').pop()!);
      console.log(`${example} on CUDA: ${last.samples_per_second} samples/s`);
    }, 900_000);
  }
});
