// examples/embed: a separate TypeScript program that generates its model with
// `aeganc build`, type-checks it strictly and trains it on the embedded MNIST.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';

const EMBED = join(ROOT, 'examples/embed');
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: EMBED, encoding: 'utf8', stdio: 'pipe' });

describe('examples/embed', () => {
  it('generates, type-checks and trains its model', () => {
    run([join(ROOT, 'bin/aeganc.js'), 'build', '../mnist-ae.aegan', '-o', 'src/model.ts']);
    run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    const output = run(['--import', 'tsx', 'src/main.ts', '4']);
    const losses = [...output.matchAll(/iteration \d+: recon ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(4);
    expect(losses[3]!).toBeLessThan(losses[0]!);
    expect(output).toMatch(/saved 24 tensors after 4 iterations/);
  }, 60_000);
});
