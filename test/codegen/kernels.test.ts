// Generated modules carry the interpreter's kernel fixes (src/numerics/kernels)
// and install them for the active backend when a model is created. Checked in
// a child process that imports only tfjs, the backend and the generated
// module, so the interpreter's own registration cannot be what makes it pass:
// on stock tfjs-backend-wasm 4.22 every conv weight gradient throws.
import { writeFileSync } from 'node:fs';
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
}

async function trainInChild(backend: 'wasm' | 'cpu', steps: number): Promise<ChildReport> {
  const ir = compileFile('examples/denoising-conv-ae.aegan');
  const file = join(TMP, `kernels-denoising-conv-ae.ts`);
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
      fixes: [
        'wasm/castToBool',
        'wasm/clipInt32',
        'wasm/conv2DBackpropFilter',
        'wasm/conv2DBackpropInput',
        'wasm/matMulTransposed',
        'wasm/maxPoolGrad',
        'wasm/oneHot',
        'wasm/sumLeadingAxes',
        'wasm/tile',
      ],
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
