// Run by kernels.test.ts in a fresh Node process: imports ONLY tfjs, a backend
// and a generated module (never aeganc's runtime), so whatever kernel fixes
// are registered there were installed by the generated module itself.
//
//   node --import tsx trainGeneratedChild.ts MODULE.ts wasm|cpu STEPS FIELDS_JSON
//
// FIELDS_JSON: [{ "name": "x", "size": 784 }, { "name": "y", "classes": 10 }].
// Prints one JSON line: whether Conv2DBackpropFilter existed for the backend
// before and after `createModel`, the fixes installed, each step's losses, and
// `needed`: the fixes whose kernels training ran in the case each repairs
// (recorded by wrapping those kernels after the module installed its own), so
// a test can check the module installed every fix its ops need.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Field {
  readonly name: string;
  readonly size?: number;
  readonly classes?: number;
}

interface Model {
  train(options: { data: Record<string, Float32Array | Int32Array>; steps: number; onStep: (i: number, losses: Record<string, number>) => void }): Promise<unknown>;
  dispose(): void;
}

const [modulePath, backend, stepsText, fieldsJson] = process.argv.slice(2);
if (!modulePath || (backend !== 'wasm' && backend !== 'cpu') || !stepsText || !fieldsJson) throw new Error('usage: MODULE.ts wasm|cpu STEPS FIELDS_JSON');

tf.env().set('PROD', true);
if (backend === 'wasm') setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + sep);
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);

const registered = (): boolean => tf.getKernel('Conv2DBackpropFilter', backend) !== undefined;
const installedFixes = (): string[] => {
  const record = (globalThis as Record<symbol, Map<string, unknown> | undefined>)[Symbol.for('aeganc.installedKernels')];
  return [...(record?.keys() ?? [])].sort();
};

const before = { filterGradient: registered(), fixes: installedFixes() };
const generated = (await import(pathToFileURL(modulePath).href)) as { createModel(options: { batch: number }): Model };
const batch = 4;
const model = generated.createModel({ batch });
const after = { filterGradient: registered(), fixes: installedFixes() };

// The case of a kernel that each fix repairs (src/numerics/kernels/README.md), by fix name.
type Call = { readonly inputs: Record<string, { dtype: string } | undefined>; readonly attrs: Record<string, unknown> };
const repaired: Record<string, { readonly kernels: readonly string[]; readonly when: (call: Call) => boolean }> = {
  conv2DBackpropFilter: { kernels: ['Conv2DBackpropFilter'], when: () => true },
  conv2DBackpropInput: { kernels: ['Conv2DBackpropInput'], when: () => true },
  matMulTransposed: { kernels: ['BatchMatMul', '_FusedMatMul'], when: (c) => c.attrs.transposeA === true || c.attrs.transposeB === true },
  tile: { kernels: ['Tile'], when: () => true },
  oneHot: { kernels: ['OneHot'], when: () => true },
  castToBool: { kernels: ['Cast'], when: (c) => c.attrs.dtype === 'bool' },
  clipInt32: { kernels: ['ClipByValue'], when: (c) => c.inputs.x?.dtype === 'int32' },
  maxPoolGrad: { kernels: ['MaxPoolGrad'], when: () => true },
};
const needed = new Set<string>();
for (const [fix, { kernels, when }] of Object.entries(repaired)) {
  if (backend === 'cpu' && fix !== 'conv2DBackpropFilter') continue;
  for (const kernelName of kernels) {
    const config = tf.getKernel(kernelName, backend);
    if (!config) continue;
    tf.unregisterKernel(kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        if (when({ inputs: args.inputs as Call['inputs'], attrs: (args.attrs ?? {}) as Record<string, unknown> })) needed.add(`${backend}/${fix}`);
        return config.kernelFunc(args);
      },
    });
  }
}

// Deterministic data in [0, 1); labels cycle through the classes.
const fields = JSON.parse(fieldsJson) as Field[];
const count = batch * 3;
const data = Object.fromEntries(
  fields.map((f) =>
    f.classes !== undefined
      ? [f.name, Int32Array.from({ length: count }, (_, i) => i % f.classes!)]
      : [f.name, Float32Array.from({ length: count * f.size! }, (_, i) => ((i * 7919) % 1000) / 1000)],
  ),
);
const losses: Record<string, number>[] = [];
await model.train({ data, steps: Number(stepsText), onStep: (_, l) => void losses.push({ ...l }) });
model.dispose();
console.log(JSON.stringify({ backend: tf.getBackend(), before, after, losses, needed: [...needed].sort() }));
