// `aeganc build` through the CLI, in process: where it writes, stdout, the
// tfjs-node target, --set, and that errors write nothing.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';
import { TMP } from './harness.js';
import { tscErrors } from '../runNode.js';

const DIR = join(TMP, 'cli');

beforeEach(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  copyFileSync(join(ROOT, 'examples/mnist-ae.aegan'), join(DIR, 'mnist-ae.aegan'));
});

describe('aeganc build', () => {
  it('writes <stem>.ts next to the spec by default, and nothing else', async () => {
    const run = await runCli(['build', 'mnist-ae.aegan'], DIR);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('wrote mnist-ae.ts\n');
    expect(readdirSync(DIR).sort()).toEqual(['mnist-ae.aegan', 'mnist-ae.ts']);
    const text = readFileSync(join(DIR, 'mnist-ae.ts'), 'utf8');
    expect(text).toContain("import * as tf from '@tensorflow/tfjs';");
    expect(text).toContain('export function createModel(');
  });

  it('prints the module with -o -, and writes to -o FILE in new directories', async () => {
    const printed = await runCli(['build', 'mnist-ae.aegan', '-o', '-'], DIR);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain('export class MnistAeModel');
    const written = await runCli(['build', 'mnist-ae.aegan', '-o', 'src/model.ts'], DIR);
    expect(written.status).toBe(0);
    expect(readFileSync(join(DIR, 'src/model.ts'), 'utf8')).toBe(printed.stdout);
  });

  it('targets tfjs-node: its import, and save/load to a directory', async () => {
    const run = await runCli(['build', 'mnist-ae.aegan', '--target', 'tfjs-node', '-o', '-'], DIR);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("import * as tf from '@tensorflow/tfjs-node';");
    expect(run.stdout).toMatch(/from 'node:fs\/promises'/);
    expect(run.stdout).toContain('async save(destination: string | tf.io.IOHandler)');
  });

  it('fixes --set params into the module', async () => {
    const run = await runCli(['build', 'mnist-ae.aegan', '--set', 'code=16', '-o', '-'], DIR);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('export const PARAMS = { code: 16 } as const;');
    expect(run.stdout).toContain("shape: [784, 256]");
    expect(run.stdout).toContain("shape: [256, 16]");
  });

  it('rejects an unknown target and writes nothing for a spec with errors', async () => {
    expect((await runCli(['build', 'mnist-ae.aegan', '--target', 'onnx'], DIR)).status).toBe(2);
    writeFileSync(join(DIR, 'broken.aegan'), 'network n(x: [2]) -> [3] { dense(4) }\n');
    const run = await runCli(['build', 'broken.aegan'], DIR);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error');
    expect(existsSync(join(DIR, 'broken.ts'))).toBe(false);
  });
});

describe('a tfjs-node module', () => {
  it('passes tsc --strict with Node types (tfjs-node resolved to tfjs, whose API it re-exports)', async () => {
    const run = await runCli(['build', 'mnist-ae.aegan', '--target', 'tfjs-node', '-o', 'node-model.ts'], DIR);
    expect(run.status).toBe(0);
    const config = join(DIR, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], skipLibCheck: true, noUnusedLocals: true,
        typeRoots: [join(ROOT, 'node_modules/@types')],
        paths: { '@tensorflow/tfjs-node': [join(ROOT, 'node_modules/@tensorflow/tfjs/dist/index.d.ts')] },
      },
      files: ['node-model.ts'],
    }));
    expect(await tscErrors(config)).toBe('');
  }, 60_000);
});
