// Generated modules carry the interpreter's kernel fixes (src/numerics/kernels)
// and install them for the active backend when a model is created. Checked in
// a child process that imports only tfjs, the backend and the generated
// module, so the interpreter's own registration cannot be what makes it pass:
// on stock tfjs-backend-wasm 4.22 every conv weight gradient throws.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../src/codegen/generateModule.js';
import { ROOT } from '../goldenFiles.js';
import { TMP, compileFile } from './harness.js';
import { runNode } from '../runNode.js';

interface ChildReport {
  readonly backend: string;
  readonly before: { readonly filterGradient: boolean; readonly fixes: readonly string[] };
  readonly after: { readonly filterGradient: boolean; readonly fixes: readonly string[] };
  readonly losses: readonly Record<string, number>[];
  /** The fixes whose repaired kernels training ran (trainGeneratedChild.ts). */
  readonly needed: readonly string[];
}

async function trainInChild(backend: 'wasm' | 'cpu', steps: number, example = 'denoising-conv-ae'): Promise<ChildReport> {
  const ir = compileFile(`examples/${example}.aegan`);
  const file = join(TMP, `kernels-${example}.ts`);
  writeFileSync(file, await generateModule(ir));
  const fields = ir.data.flatMap((d) =>
    d.fields.map((f) => (f.type.kind === 'class' ? { name: f.name, classes: f.type.classes } : { name: f.name, size: f.type.shape.reduce((p, n) => p * n, 1) })),
  );
  const output = await runNode(
    ['--import', 'tsx', join(ROOT, 'test/codegen/trainGeneratedChild.ts'), file, backend, String(steps), JSON.stringify(fields)],
    { cwd: ROOT },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as ChildReport;
}

describe('generated modules install the kernel fixes', () => {
  it('trains a conv module on wasm, which lacks Conv2DBackpropFilter until the module installs it', async () => {
    const report = await trainInChild('wasm', 3);
    expect(report.backend).toBe('wasm');
    expect(report.before).toEqual({ filterGradient: false, fixes: [] });
    expect(report.after).toEqual({
      filterGradient: true,
      // What its ops need: convolutions and their gradients, dense, the tape's clones; no pool, one_hot, bool cast
      // or int32 clip (bce clips a float32 probability).
      fixes: ['wasm/conv2DBackpropFilter', 'wasm/conv2DBackpropInput', 'wasm/identityShared', 'wasm/matMulTransposed', 'wasm/sumLeadingAxes', 'wasm/tile'],
    });
    expect(report.losses).toHaveLength(3);
    for (const losses of report.losses) for (const value of Object.values(losses)) expect(Number.isFinite(value)).toBe(true);
  }, 120_000);

  it('replaces the slow cpu Conv2DBackpropFilter', async () => {
    const report = await trainInChild('cpu', 2);
    expect(report.backend).toBe('cpu');
    expect(report.before.fixes).toEqual([]);
    expect(report.after.fixes).toEqual(['cpu/conv2DBackpropFilter']);
    expect(report.losses).toHaveLength(2);
  }, 120_000);
});

// Each module carries only the fixes its ops need (src/codegen/kernelFixes.ts): checked against
// the repaired kernels its training actually runs on wasm, for every example.
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.aegan')).map((f) => f.replace('.aegan', '')).sort();

describe('generated modules carry the kernel fixes their ops need', () => {
  for (const example of examples) {
    it(`${example}: every repaired kernel its training runs on wasm is installed`, async () => {
      const report = await trainInChild('wasm', 1, example);
      expect(report.losses).toHaveLength(1);
      expect(report.after.fixes).toEqual(expect.arrayContaining([...report.needed]));
    }, 120_000);
  }

  it('an MLP autoencoder installs no convolution or pool kernel', async () => {
    const report = await trainInChild('wasm', 1, 'mnist-deep-ae');
    expect(report.after.fixes.filter((f) => /conv|Pool/i.test(f))).toEqual([]);
  }, 120_000);
});
