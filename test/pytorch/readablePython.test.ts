// Readable Python (issue 11): every example's train.py (and the fixtures')
// passes pycodestyle at 100 columns, has no wildcard import and no import of
// aeganc, and a built program trains with a bare environment, from a folder
// outside the repository, with nothing but torch and numpy.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonPath } from '../oracle/torchOracle.js';
import { buildProgram, compileFile, readLosses, torchUnavailable } from './harness.js';

const run = promisify(execFile);
const examplesDir = path.join(import.meta.dirname, '../../examples');
const fixturesDir = path.join(import.meta.dirname, 'fixtures');
const specs = [
  ...readdirSync(examplesDir).filter((f) => f.endsWith('.aegan')).sort().map((f) => path.join(examplesDir, f)),
  ...readdirSync(fixturesDir).filter((f) => f.endsWith('.aegan')).sort().map((f) => path.join(fixturesDir, f)),
];
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

const pycodestyle = process.env['AEGANC_PYCODESTYLE'] ?? '/usr/bin/pycodestyle';
function pycodestyleUnavailable(): string | undefined {
  const probe = spawnSync(pycodestyle, ['--version'], { encoding: 'utf8' });
  const reason = probe.error ? `cannot start ${pycodestyle}: ${probe.error.message}` : probe.status === 0 ? undefined : `${pycodestyle} --version failed`;
  if (reason && process.env['AEGANC_REQUIRE_PYCODESTYLE'] === '1') throw new Error(`the PEP 8 test needs pycodestyle (AEGANC_REQUIRE_PYCODESTYLE=1): ${reason}`);
  return reason;
}
const noStyle = pycodestyleUnavailable();
if (noStyle) console.warn(`skipping the PEP 8 check of built programs: ${noStyle} (apt-get install pycodestyle)`);
const noTorch = torchUnavailable();
if (noTorch) console.warn(`skipping the bare-environment run of a built program: ${noTorch}`);

async function build(file: string): Promise<string> {
  const text = readFileSync(file, 'utf8');
  const dir = await buildProgram(compileFile(file, text), file, text);
  folders.push(dir);
  return dir;
}

describe('the built Python', () => {
  it.skipIf(noStyle !== undefined)('passes pycodestyle --max-line-length=100 for every example and fixture', async () => {
    for (const file of specs) {
      const dir = await build(file);
      const program = readFileSync(path.join(dir, 'train.py'), 'utf8');
      expect(program, path.basename(file)).not.toMatch(/^\s*from \S+ import \*/m);
      expect(program, path.basename(file)).not.toMatch(/^\s*(import|from) aeganc/m);
      const checked = spawnSync(pycodestyle, ['--max-line-length=100', path.join(dir, 'train.py')], { encoding: 'utf8' });
      expect(checked.stdout, `${path.basename(file)}: pycodestyle`).toBe('');
      expect(checked.status).toBe(0);
    }
  }, 300_000);

  it.skipIf(noTorch !== undefined)('trains with a bare environment from a folder outside the repository', async () => {
    const built = await build(path.join(examplesDir, 'mnist-dcgan.aegan'));
    // The program and its exported MNIST only, moved where no aeganc is near.
    const alone = mkdtempSync(path.join(tmpdir(), 'aeganc-alone-'));
    folders.push(alone);
    cpSync(path.join(built, 'train.py'), path.join(alone, 'gan', 'train.py'));
    cpSync(path.join(built, 'data'), path.join(alone, 'gan', 'data'), { recursive: true });
    const env = { PATH: '/usr/bin:/bin', HOME: alone, OMP_NUM_THREADS: '1' };
    await run(pythonPath(), ['-I', 'gan/train.py', '--cpu', '--threads', '1', '--quiet', '--steps', '2', '--batch', '8', '--out', 'run'], { cwd: alone, env, timeout: 300_000 });
    expect(readLosses(path.join(alone, 'run')).map((l) => Object.keys(l).sort())).toEqual([
      ['d_loss', 'g_loss'],
      ['d_loss', 'g_loss'],
    ]);
    expect(readdirSync(path.join(alone, 'run')).sort()).toEqual(['checkpoint.ckpt', 'metrics.jsonl', 'run.json', 'samples', 'spec.aegan']);
  }, 300_000);
});
