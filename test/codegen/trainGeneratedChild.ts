// Run by kernels.test.ts in a fresh Node process: imports ONLY tfjs, a backend
// and a generated module (never aeganc's runtime), so whatever kernel fixes
// are registered there were installed by the generated module itself.
//
//   node --import tsx trainGeneratedChild.ts MODULE.ts wasm|cpu STEPS FIELDS_JSON
//
// FIELDS_JSON: [{ "name": "x", "size": 784 }, { "name": "y", "classes": 10 }].
// Prints one JSON line: whether Conv2DBackpropFilter existed for the backend
// before and after `createModel`, the fixes installed, and each step's losses.
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
console.log(JSON.stringify({ backend: tf.getBackend(), before, after, losses }));
