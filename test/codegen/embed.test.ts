// examples/embed: a separate TypeScript program that generates its model with
// `aeganc build`, type-checks it strictly and trains it on the embedded MNIST.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runNode } from '../runNode.js';

const EMBED = join(ROOT, 'examples/embed');
const run = (args: string[]): Promise<string> => runNode(args, { cwd: EMBED });

describe('examples/embed', () => {
  it('generates, type-checks and trains its model', async () => {
    // The CLI from source, so a stale dist/ in a checkout cannot hide a change.
    await run(['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), 'build', '../mnist-ae.aegan', '-o', 'src/model.ts']);
    await run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    const output = await run(['--import', 'tsx', 'src/main.ts', '4']);
    const losses = [...output.matchAll(/iteration \d+: recon ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(4);
    expect(losses[3]!).toBeLessThan(losses[0]!);
    expect(output).toMatch(/saved 24 tensors after 4 iterations/);
  }, 60_000);
});
