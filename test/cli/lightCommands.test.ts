// `check`, `ir` and `fmt` are what editors, pre-commit hooks and CI run most:
// they must not pay for tfjs (training), ts-morph and prettier (build), or
// pngjs and the data loaders (`check --data` only); nor must `runs` and
// `report`, which only read run directories.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const HEAVY = /^(@tensorflow\/.*|ts-morph|prettier|pngjs)$/;

async function packagesLoadedBy(args: readonly string[]): Promise<string[]> {
  const trace = join(ROOT, 'test/cli/fixtures/tracePackages.mjs');
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', trace, join(ROOT, 'src/cli/run.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return [...stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1]!);
}

describe('light commands load no heavy package', () => {
  // The spec commands load the parser (so the trace sees packages); `runs` and
  // `report` print diagnostics without it (src/cli/printDiagnostics.ts), and commander alone.
  for (const [args, loads] of [
    [['check', 'examples/mnist-dcgan.aegan', '--summary'], 'chevrotain'],
    [['ir', 'examples/mnist-vae.aegan'], 'chevrotain'],
    [['fmt', '--check', 'examples/mnist-ae.aegan'], 'chevrotain'],
    [['runs', 'test/cli/fixtures'], 'commander'],
    [['report', '--help'], 'commander'],
    [['--version'], 'commander'],
  ] as const) {
    it(args.join(' '), async () => {
      const loaded = await packagesLoadedBy(args);
      expect(loaded).toContain(loads);
      expect(loaded.filter((p) => HEAVY.test(p))).toEqual([]);
    });
  }

  it('build does load them (so the trace sees what it should)', async () => {
    const loaded = await packagesLoadedBy(['build', 'examples/mnist-ae.aegan', '-o', '-']);
    expect(loaded).toEqual(expect.arrayContaining(['ts-morph', 'prettier']));
  });
});
