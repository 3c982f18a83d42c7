// The interpreter and the generated module, same spec, same seed, same data,
// same backend: every iteration's losses must be bit-identical, and after
// training every weight, state tensor, optimizer slot and EMA average too
// (compared through the interpreter's checkpoint snapshot and the module's
// `save()`, which name tensors alike). Batches are small to stay fast; the
// convolutional examples run on wasm (the cpu backend's conv gradients take
// ~30 s per DCGAN iteration at batch 8) and for two iterations on cpu.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/numerics/tf.js';
import { selectBackend } from '../../src/host/backend.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { snapshot } from '../../src/host/checkpoint.js';
import { inferenceModel } from '../../src/host/runTraining.js';
import { sampleImages } from '../../src/numerics/inference.js';
import { gatherBatch } from '../../src/numerics/dataCursor.js';
import type { IrModule } from '../../src/ir/types.js';
import { ROOT } from '../goldenFiles.js';
import { compileFile, dataArgument, importGenerated, sameBits, syntheticTable } from './harness.js';
import { HEAVY_RUN, isHeavy, warnHeavy } from '../heavyExamples.js';

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.aegan')).sort();
const convolutional = (ir: IrModule) => ir.networks.some((n) => n.nodes.some((node) => node.op === 'conv2d' || node.op === 'conv2d_transpose'));

afterAll(async () => {
  await selectBackend('cpu');
});

/** `file` is in examples/, or a path from the repository root. */
async function expectEquivalent(file: string, backend: 'cpu' | 'wasm', batch: number, iterations: number): Promise<void> {
  expect((await selectBackend(backend)).value?.name).toBe(backend);
  const compiled = compileFile(file.includes('/') ? file : `examples/${file}`);
  const ir: IrModule = { ...compiled, train: { ...compiled.train, batch } };
  // 5 batches per epoch, so 20 iterations cross several epochs' reshuffles.
  const tables = ir.data.map((source, i) => syntheticTable(source, batch * 5, 99 + i));
  const generated = await importGenerated(compiled, `equivalence-${file.replace('.aegan', '').replaceAll('/', '-')}`);

  const before = tf.memory().numTensors;
  const trainer = new Trainer(ir, tables);
  const model = generated.createModel({ batch });
  const expected: Record<string, number>[] = [];
  for (let i = 0; i < iterations; i++) expected.push(Object.fromEntries((await trainer.runIteration()).losses));
  const actual: Record<string, number>[] = [];
  await model.train({ data: dataArgument(tables), steps: iterations, onStep: (_, losses) => void actual.push({ ...losses }) });

  // Object.is: bit-identical numbers (NaN equals NaN, 0 differs from -0).
  expect(actual.length).toBe(iterations);
  actual.forEach((losses, i) => {
    expect(Object.keys(losses).sort(), `iteration ${i + 1}: the same losses are reported`).toEqual(Object.keys(expected[i]!).sort());
    for (const [name, value] of Object.entries(expected[i]!)) {
      expect(Object.is(losses[name], value), `iteration ${i + 1} ${name}: ${losses[name]} vs ${value}`).toBe(true);
    }
  });

  const interpreted = await snapshot(trainer);
  const saved = await model.save();
  const tensors = tf.io.decodeWeights(saved.weightData!, saved.weightSpecs!);
  expect(Object.keys(tensors).sort()).toEqual(interpreted.header.tensors.map((t) => t.name).sort());
  for (const entry of interpreted.header.tensors) {
    const mine = tensors[entry.name]!.dataSync() as Float32Array;
    expect(sameBits(mine, interpreted.values.get(entry.name)!), `${entry.name} differs`).toBe(true);
  }
  const counters = (saved.userDefinedMetadata as { aeganc: { counters: unknown } }).aeganc.counters;
  expect(counters).toEqual(trainer.counters);

  // Inference: the first sample item, latents fixed by the seed, as the interpreter's grids.
  const sample = ir.train.samples[0];
  if (sample) {
    expect(typeof model.sample, 'a spec with `sample` generates sample()').toBe('function');
    const images = await sampleImages(inferenceModel(trainer, tables), sample.node, 4);
    expect(images).toBeDefined();
    // A sample item that reads data (CycleGAN's `sample G(x)`) is given the rows the interpreter's grid shows: each source's first 4.
    const firstRows = ir.data.flatMap((source, i) => [...gatherBatch(source, tables[i]!, Int32Array.from({ length: 4 }, (_, k) => k))]);
    const options = { which: 0, batch: Object.fromEntries(firstRows) };
    const mine = tf.tidy(() => model.sample!(4, options).dataSync() as Float32Array);
    tf.dispose(firstRows.map(([, t]) => t));
    expect(mine.length).toBe(images!.images.length);
    expect(sameBits(mine, images!.images)).toBe(true);
  }

  tf.dispose(Object.values(tensors));
  trainer.dispose();
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

describe('generated modules compute exactly what the interpreter computes', () => {
  it('finds the examples', () => expect(examples.length).toBeGreaterThanOrEqual(8));
  for (const file of examples) {
    const ir = compileFile(`examples/${file}`);
    if (isHeavy(file)) {
      warnHeavy('equivalence', file, `wasm only, batch ${HEAVY_RUN.batch}, ${HEAVY_RUN.iterations} iterations`);
      it(`${file}: wasm, batch ${HEAVY_RUN.batch}, ${HEAVY_RUN.iterations} iterations`, () => expectEquivalent(file, 'wasm', HEAVY_RUN.batch, HEAVY_RUN.iterations), 240_000);
    } else if (!convolutional(ir)) {
      it(`${file}: cpu, batch 8, 20 iterations`, () => expectEquivalent(file, 'cpu', 8, 20), 120_000);
    } else {
      it(`${file}: wasm, batch 8, 20 iterations`, () => expectEquivalent(file, 'wasm', 8, 20), 120_000);
      it(`${file}: cpu, batch 2, 2 iterations`, () => expectEquivalent(file, 'cpu', 2, 2), 240_000);
    }
  }
  // No data sources at all: the module once failed tsc (its tests: goldenCode.test.ts).
  it('a latent-only spec (no `data`): cpu, batch 8, 20 iterations', () => expectEquivalent('test/golden/latent-only/input.aegan', 'cpu', 8, 20), 120_000);
  // `ema`: the averages the module passes to the training loop (ema.ts's weightAverages), saved and compared like the weights.
  it('an ema spec: cpu, batch 8, 20 iterations', () => expectEquivalent('test/codegen/fixtures/ema.aegan', 'cpu', 8, 20), 120_000);
  // Every kind of the layer op table, each back end rendering it from its own table.
  it('every layer kind: cpu, batch 2, 3 iterations', () => expectEquivalent('test/codegen/fixtures/every-layer.aegan', 'cpu', 2, 3), 240_000);
  // adamw, sgd's weight_decay, both lr schedules and clip_norm: the per-iteration rate and the clipping run in the copied runtime.
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`training controls: ${backend}, batch 8, 20 iterations`, () => expectEquivalent('test/pytorch/fixtures/controls.aegan', backend, 8, 20), 120_000);
  }
});
