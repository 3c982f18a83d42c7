// `aeganc build --runtime inline|shared`: a module carries only the closure of
// what its spec uses (src/codegen/runtimeSource.ts, kernelFixes.ts); with
// `shared` that closure lives in <stem>.runtime.ts beside it. Both pass
// tsc --strict and train alike. Also the rules files under the shared folders
// obey, each with the message that names the broken one.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModule, generateModule } from '../../src/codegen/generateModule.js';
import { catalogueOf, SHARED_FOLDERS, SharedRuleError } from '../../src/codegen/runtimeSource.js';
import { kernelFixesFor } from '../../src/codegen/kernelFixes.js';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';
import { tscErrors } from '../runNode.js';
import { compileFile, dataArgument, syntheticTable, TMP, type GeneratedModule } from './harness.js';

const lines = (text: string): number => text.split('\n').length;
const DIR = join(TMP, 'runtime-modes');

describe('what a module carries', () => {
  it('the deep autoencoder: under 400 lines with --runtime shared; inline, under 1,500', async () => {
    const ir = compileFile('examples/mnist-deep-ae.aegan');
    const shared = await buildModule(ir, { runtime: 'shared', runtimeName: 'mnist-deep-ae.runtime' });
    expect(lines(shared.module)).toBeLessThan(400);
    // The target is under 700; what stays and why is in docs/reference.md (`aeganc build --runtime`).
    // The spec's own code is ~370 lines; the closure ~1,130 with comments cut to first sentences
    // (src/codegen/copiedComments.ts): the training loop ~370 with its stores and types, the wasm kernel
    // fixes for dense ~260 (speed, and the interpreter's summation order), Adam ~140 (its fused kernel ~90:
    // numerics/kernels/adamUpdate.ts, ~8x faster updates on cpu), the data cursor and tables ~125,
    // persistence ~65. Was 1,547, 1,592, and 2,281 with everything copied.
    // The read-back of a whole iteration as one vector (startIteration, readIterations) added ~35: 1,534.
    // The interpreter's read-back (iterationResults.ts: gradient norms, non-finite values) stays out: 1,488.
    expect(lines(await generateModule(ir))).toBeLessThan(1500);
  });

  it('an MLP autoencoder carries no convolution or pool kernel and no second-order gradient registration', async () => {
    const text = await generateModule(compileFile('examples/mnist-deep-ae.aegan'));
    const absentNames = ['conv2DBackpropFilterConfig', 'conv2DBackpropInputConfig', 'planAxis', 'maxPoolGradLoop', 'castingOneHot', 'registerSecondOrderGradients', 'registerComparisonGradients', 'registerPoolGradients', 'function drawLatent', 'function oneHotLabels'];
    for (const absent of absentNames) {
      expect(text, absent).not.toContain(absent);
    }
    // No int32 clip: bce clips a float32 probability, which wasm's own ClipByValue clips right.
    expect(text).toMatch(/const KERNEL_FIXES: readonly KernelFix\[\] = \[\s*wasmMatMulTransposedFix,\s*wasmTileFix,\s*wasmSumLeadingAxesFix,\s*wasmIdentitySharedFix,?\s*\];/);
  });

  it('the int32 clip fix comes with a `clip` term, not with bce alone', () => {
    expect(kernelFixesFor('tf.clipByValue(pred, BCE_EPSILON, 1 - BCE_EPSILON)')).not.toContain('wasmClipInt32Fix');
    expect(kernelFixesFor('const c = tf.clipByValue(tf.add(a, b), 0, 5);')).toContain('wasmClipInt32Fix');
  });

  it('a spec with a gradient penalty registers the second-order gradients; one without, none', async () => {
    expect(await generateModule(compileFile('examples/mnist-wgan-gp.aegan'))).toContain('\nregisterSecondOrderGradients();\n');
    expect(await generateModule(compileFile('examples/mnist-dcgan.aegan'))).not.toContain('registerSecondOrderGradients');
  });
});

describe('aeganc build --runtime shared', () => {
  it('writes the module and its runtime file; both pass tsc --strict and train as the inline module does', async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    const run = await runCli(['build', join(ROOT, 'examples/mnist-deep-ae.aegan'), '--runtime', 'shared', '-o', join(DIR, 'deep.ts')], ROOT);
    expect(run.status).toBe(0);
    const module = readFileSync(join(DIR, 'deep.ts'), 'utf8');
    expect(module).toContain("from './deep.runtime.js';");
    expect(module).not.toContain('class TrainingState');
    expect(readFileSync(join(DIR, 'deep.runtime.ts'), 'utf8')).toContain('export class TrainingState');

    const config = join(DIR, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: [], skipLibCheck: true, noUnusedLocals: true },
      files: ['deep.ts', 'deep.runtime.ts'],
    }));
    expect(await tscErrors(config)).toBe('');

    const ir = compileFile('examples/mnist-deep-ae.aegan');
    writeFileSync(join(DIR, 'inline.ts'), await generateModule(ir));
    const tables = ir.data.map((source, i) => syntheticTable(source, 8 * 3, 7 + i));
    const losses = async (file: string): Promise<number[]> => {
      const generated = (await import(/* @vite-ignore */ `${join(DIR, file)}?t=${Date.now()}`)) as GeneratedModule;
      const model = generated.createModel({ batch: 8 });
      const values: number[] = [];
      await model.train({ data: dataArgument(tables), steps: 3, onStep: (_, l) => void values.push(...Object.values(l)) });
      model.dispose();
      return values;
    };
    const inline = await losses('inline.ts');
    const shared = await losses('deep.ts');
    expect(shared.length).toBe(3);
    shared.forEach((value, i) => expect(Object.is(value, inline[i]), `iteration ${i + 1}: ${value} vs ${inline[i]}`).toBe(true));
  }, 120_000);

  it('refuses to print two files to stdout', async () => {
    const run = await runCli(['build', join(ROOT, 'examples/mnist-deep-ae.aegan'), '--runtime', 'shared', '-o', '-'], ROOT);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--runtime shared writes two files');
  });
});

describe('the rules of the shared folders', () => {
  const fixture = (files: Record<string, string>): string => {
    const root = join(TMP, `shared-rules-${Object.keys(files).length}-${Date.now()}`);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, 'lib', file, '..'), { recursive: true });
      writeFileSync(join(root, 'lib', file), text);
    }
    return root;
  };

  it('the real folders obey them', () => {
    expect(() => catalogueOf(ROOT, SHARED_FOLDERS)).not.toThrow();
  });

  it('a top-level name declared in two files is refused, naming both', () => {
    const root = fixture({ 'a.ts': 'export const size = 1;\n', 'b/c.ts': 'export function size(): number { return 2; }\n' });
    expect(() => catalogueOf(root, ['lib'])).toThrow(SharedRuleError);
    expect(() => catalogueOf(root, ['lib'])).toThrow('`size` is declared at the top level of both lib/a.ts and lib/b/c.ts');
  });

  it('an import alias is refused, naming the file and both names', () => {
    const root = fixture({ 'a.ts': 'export const one = 1;\n', 'b.ts': "import { one as uno } from './a.js';\nexport const two = uno + 1;\n" });
    expect(() => catalogueOf(root, ['lib'])).toThrow('lib/b.ts imports `one` as `uno`');
  });

  it('a local that shadows another file\'s top-level name does not pull that declaration in', () => {
    const root = fixture({ 'a.ts': 'export const shape = 1;\n', 'b.ts': 'export function area(shape: number[]): number { return shape.length; }\n' });
    expect(catalogueOf(root, ['lib']).closure(['area']).names).toEqual(['area']);
  });
});
