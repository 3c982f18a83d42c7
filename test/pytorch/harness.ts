// Builds a spec to PyTorch in a temporary folder and runs the program, for
// the tests of `aeganc build --target pytorch`. Python is found as the
// oracle finds it ($AEGANC_PYTHON, else /usr/bin/python3); where torch cannot
// be imported, `pythonWithTorch` says why and the suites skip, printing it.

import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compileSpec } from '../../src/compile.js';
import { generatePytorchProgram } from '../../src/codegen/pytorch/generatePytorch.js';
import { pythonDataFiles } from '../../src/host/data/exportForPython.js';
import { encodeNpy } from '../../src/host/data/npyWrite.js';
import type { IrModule } from '../../src/ir/types.js';
import { tf } from '../../src/numerics/tf.js';
import { pythonPath } from '../oracle/torchOracle.js';

const run = promisify(execFile);

/**
 * undefined when /usr/bin/python3 (or $AEGANC_PYTHON) imports torch; else why
 * not. Where AEGANC_REQUIRE_TORCH=1 (CI) a missing torch throws: no skipping there.
 */
export function torchUnavailable(): string | undefined {
  const result = spawnSync(pythonPath(), ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  const reason = result.error
    ? `cannot start ${pythonPath()}: ${result.error.message}`
    : result.status === 0
      ? undefined
      : `${pythonPath()} cannot import torch and numpy: ${result.stderr.trim().split('\n').pop()}`;
  if (reason && process.env['AEGANC_REQUIRE_TORCH'] === '1') throw new Error(`the PyTorch target's tests need torch (AEGANC_REQUIRE_TORCH=1): ${reason}`);
  return reason;
}

export function compileFile(file: string, text = readFileSync(file, 'utf8')): IrModule {
  const result = compileSpec(text, file);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.value || errors.length > 0) throw new Error(`${file} does not compile: ${errors.map((d) => d.message).join('; ')}`);
  return result.value;
}

/** Writes train.py (and data/ for mnist) for `ir` into a new temporary folder; returns the folder. */
export async function buildProgram(ir: IrModule, specFile: string, specText: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'aeganc-pytorch-'));
  const specPath = path.resolve(specFile);
  writeFileSync(path.join(dir, 'train.py'), generatePytorchProgram(ir, { specText, specPath, specDir: path.dirname(specPath), overrides: {} }));
  const data = await pythonDataFiles(ir);
  if (!data.value) throw new Error(data.diagnostics.map((d) => d.message).join('; '));
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  for (const file of data.value) writeFileSync(path.join(dir, file.path), file.bytes);
  return dir;
}

/** Runs `python3 train.py ARGS` (one CPU thread: the machine is shared). */
export async function runProgram(dir: string, args: readonly string[], timeoutMs = 300_000): Promise<{ stdout: string; stderr: string }> {
  return run(pythonPath(), [path.join(dir, 'train.py'), '--cpu', '--threads', '1', '--quiet', ...args], {
    cwd: dir,
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
}

/** Runs the program under torchrun with `processes` CPU processes (gloo). */
export async function runDistributed(dir: string, processes: number, args: readonly string[], timeoutMs = 300_000): Promise<{ stdout: string; stderr: string }> {
  // Debian's torchrun (torch 1.13, Python 3.11) dies at start without --redirects/--tee.
  const launcher = ['-m', 'torch.distributed.run', '--redirects', '2', '--tee', '2', '--standalone', `--nproc_per_node=${processes}`];
  return run(pythonPath(), [...launcher, path.join(dir, 'train.py'), '--cpu', '--threads', '1', '--quiet', ...args], {
    cwd: dir,
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
}

/** The losses of each line of a run's metrics.jsonl. */
export function readLosses(runDir: string): Record<string, number>[] {
  return readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { losses: Record<string, number> }).losses);
}

interface DrawRequest {
  readonly kind: 'normal' | 'uniform';
  readonly shape: number[];
  readonly a: number;
  readonly b: number;
  readonly seed: number;
}

/**
 * For every draw the program logged (--log-draws), the interpreter's own
 * numbers: tfjs's seeded randomNormal/randomUniform for that seed and shape,
 * written as `<seed>.npy` into `dir`, for the program to replay (--draws).
 */
export function writeInterpreterDraws(logFile: string, dir: string): number {
  mkdirSync(dir, { recursive: true });
  const requests = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as DrawRequest);
  const seen = new Set<number>();
  for (const r of requests) {
    if (seen.has(r.seed)) continue;
    seen.add(r.seed);
    const values = tf.tidy(() =>
      r.kind === 'normal' ? tf.randomNormal(r.shape, r.a, r.b, 'float32', r.seed) : tf.randomUniform(r.shape, r.a, r.b, 'float32', r.seed),
    );
    writeFileSync(path.join(dir, `${r.seed}.npy`), encodeNpy(values.dataSync() as Float32Array, r.shape));
    values.dispose();
  }
  return seen.size;
}
