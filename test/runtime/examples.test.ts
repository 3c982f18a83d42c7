// Every example in examples/ compiles and trains 100 iterations (issue 3's
// bar; AEGANC_EXAMPLE_STEPS changes it) without a non-finite loss, on synthetic data of the declared shapes (real MNIST is
// covered by learning.test.ts), on wasm and on cpu, each chosen through
// selectBackend so that our kernel fixes are registered (tfjs's own cpu
// Conv2DBackpropFilter takes ~20 s per DCGAN iteration even at batch 4).
// Batches are shrunk to stay fast: 8 on wasm, 2 on cpu (~3 min in all on 2 cores).
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileSpec } from '../../src/compile.js';
import { Trainer } from '../../src/numerics/trainer.js';
import type { DataSource, IrModule } from '../../src/ir/types.js';
import type { DataTable } from '../../src/numerics/dataTable.js';
import { selectBackend } from '../../src/host/backend.js';
import { HEAVY_RUN, isHeavy, warnHeavy } from '../heavyExamples.js';

// wasm is a dependency and the default backend: if it does not start, that is a failure, not a skip.
beforeAll(async () => {
  const wasm = await selectBackend('wasm');
  if (!wasm.value) throw new Error(`the wasm backend did not start: ${wasm.diagnostics.map((d) => d.message).join('; ')}`);
});

const examplesDir = path.join(import.meta.dirname, '../../examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.aegan'));

/** Random examples in the source's range; labels cycle through the classes. */
function syntheticFor(source: DataSource, count: number): DataTable {
  const fields = new Map<string, Float32Array | Int32Array>();
  let state = 99;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
  const [lo, hi] = source.range;
  for (const field of source.fields) {
    if (field.type.kind === 'class') {
      const classes = field.type.classes;
      fields.set(field.name, Int32Array.from({ length: count }, (_, i) => i % classes));
    } else {
      const size = field.type.shape.reduce((p, d) => p * d, 1);
      fields.set(field.name, Float32Array.from({ length: count * size }, () => lo + (hi - lo) * next()));
    }
  }
  return { count, fields };
}

function compileExample(file: string): IrModule {
  const result = compileSpec(readFileSync(path.join(examplesDir, file), 'utf8'), file);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.value!;
}

const ITERATIONS = Number(process.env.AEGANC_EXAMPLE_STEPS ?? 100);

async function trainBriefly(ir: IrModule, batch: number, iterations = ITERATIONS): Promise<void> {
  const short: IrModule = { ...ir, train: { ...ir.train, batch, length: { kind: 'steps', iterations } } };
  const trainer = new Trainer(short, short.data.map((source) => syntheticFor(source, 3 * batch)));
  try {
    for (let i = 0; i < iterations; i++) {
      const result = await trainer.runIteration();
      expect(result.nonFinite).toBeUndefined();
      expect(result.losses.size).toBeGreaterThan(0);
    }
  } finally {
    trainer.dispose();
  }
}

describe('examples train', () => {
  it('finds the examples', () => expect(examples.length).toBeGreaterThan(0));
  it.each(examples)('%s on wasm and cpu', async (file) => {
    const ir = compileExample(file);
    expect((await selectBackend('wasm')).value?.name).toBe('wasm');
    if (isHeavy(file)) {
      warnHeavy('examples train', file, `wasm only, batch ${HEAVY_RUN.batch}, ${HEAVY_RUN.iterations} iterations`);
      return trainBriefly(ir, HEAVY_RUN.batch, HEAVY_RUN.iterations);
    }
    await trainBriefly(ir, 8);
    expect((await selectBackend('cpu')).value?.name).toBe('cpu');
    await trainBriefly(ir, 2);
  }, 600_000);
});
