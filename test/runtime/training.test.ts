// Step semantics: `over` isolation, determinism, fresh and shared batches,
// repeat, EMA, exact resume, and a flat live tensor count.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/numerics/tf.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { decodeCheckpoint, encodeCheckpoint, restore, snapshot } from '../../src/host/checkpoint.js';
import { IrBuilder, adam } from './irBuilder.js';
import { tinyAutoencoder, tinyGan } from './models.js';
import { syntheticTable, useCpu, values } from './helpers.js';
import type { IrModule } from '../../src/ir/types.js';

beforeAll(useCpu);

const table4 = syntheticTable(40, 4);

function weightsOf(trainer: Trainer, network: string): number[][] {
  const ids = trainer.ir.networks.find((n) => n.name === network)!.weights;
  return ids.map((id) => values(trainer.weights.get(id)));
}

/** The reported losses of `iterations` iterations of a 4-dim-data module. */
async function losses(ir: IrModule, iterations: number): Promise<number[][]> {
  const trainer = new Trainer(ir, [table4]);
  const out: number[][] = [];
  for (let i = 0; i < iterations; i++) out.push([...(await trainer.runIteration()).losses.values()]);
  trainer.dispose();
  return out;
}

describe('over isolation', () => {
  it('a step over D leaves G bit-identical, though its loss runs G', async () => {
    const trainer = new Trainer(tinyGan({ onlyD: true }), [table4]);
    const g0 = weightsOf(trainer, 'G');
    const d0 = weightsOf(trainer, 'D');
    const state0 = trainer.ir.networks.find((n) => n.name === 'G')!.state.map((id) => values(trainer.state.get(id)));
    for (let i = 0; i < 5; i++) await trainer.runIteration();
    expect(weightsOf(trainer, 'G')).toEqual(g0);
    expect(weightsOf(trainer, 'D')).not.toEqual(d0);
    // G's batchnorm ran in training mode, so its moving statistics did move (as in Keras).
    expect(trainer.ir.networks.find((n) => n.name === 'G')!.state.map((id) => values(trainer.state.get(id)))).not.toEqual(state0);
    trainer.dispose();
  });
});

describe('determinism', () => {
  it('the same seed gives the same losses; another seed does not', async () => {
    const a = await losses(tinyGan(), 8);
    const b = await losses(tinyGan(), 8);
    expect(b).toEqual(a);
    expect(await losses(tinyGan({ seed: 8 }), 8)).not.toEqual(a);
    expect(a.flat().every(Number.isFinite)).toBe(true);
  });
});

describe('batches', () => {
  it('every use of a name within a step execution is the same batch; executions draw fresh ones', async () => {
    const b = new IrBuilder();
    b.network('N', [{ name: 'x', shape: [3] }], (n) => [{ node: n.dense(0, [3], 3), shape: [3] }]);
    const [x1] = b.dataSource('x', [3]);
    const x2 = b.node('data', [], { kind: 'tensor', shape: [3] }, { source: 0, field: 'x' });
    const z1 = b.latent('z', { kind: 'tensor', shape: [3] }, { kind: 'normal', mean: 0, std: 1 });
    const z2 = b.node('latent', [], { kind: 'tensor', shape: [3] }, { name: 'z' });
    const sameData = b.loss('same_data', b.node('mse', [x1!, x2], undefined, { reduce: 'mean' }));
    const sameLatent = b.loss('same_latent', b.node('mse', [z1, z2], undefined, { reduce: 'mean' }));
    const [y] = b.apply('N', [b.node('add', [x1!, z1], { kind: 'tensor', shape: [3] })]);
    const fit = b.loss('fit', b.node('mse', [x2, y!], undefined, { reduce: 'mean' }));
    b.step('s', fit, ['N'], adam(), { reports: [{ name: 'fit', node: fit }, { name: 'same_data', node: sameData }, { name: 'same_latent', node: sameLatent }] });
    const trainer = new Trainer(b.build({ batch: 5 }), [syntheticTable(20, 3)]);
    const first = await trainer.runIteration();
    const second = await trainer.runIteration();
    expect(first.losses.get('same_data')).toBe(0);
    expect(first.losses.get('same_latent')).toBe(0);
    expect(second.losses.get('fit')).not.toBe(first.losses.get('fit'));
    trainer.dispose();
  });

  it('drops the last partial batch and reshuffles each epoch', async () => {
    const ir = { ...tinyAutoencoder(4), train: { ...tinyAutoencoder(4).train, batch: 8, length: { kind: 'epochs' as const, epochs: 2 } } };
    const trainer = new Trainer(ir, [syntheticTable(20, 4)]);
    expect(trainer.totalIterations()).toBe(4); // 2 full batches of 8 in 20 examples, twice
    let n = 0;
    while (!trainer.isDone()) {
      await trainer.runIteration();
      n++;
    }
    expect(n).toBe(4);
    expect(trainer.counters.cursors[0]).toEqual({ epoch: 1, position: 16 });
    trainer.dispose();
  });
});

describe('repeat', () => {
  it('runs a step `repeat` times per iteration, each with its own seeds', async () => {
    const trainer = new Trainer(tinyGan({ repeatD: 3 }), [table4]);
    await trainer.runIteration();
    expect(trainer.counters.executions).toBe(4);
    expect(trainer.counters.updates).toEqual([3, 1]);
    trainer.dispose();
  });
});

describe('ema', () => {
  it('ema = ema·decay + w·(1 - decay) after each iteration, from the initial weights', async () => {
    const trainer = new Trainer(tinyGan({ ema: true }), [table4]);
    const w0 = weightsOf(trainer, 'G');
    await trainer.runIteration();
    const w1 = weightsOf(trainer, 'G');
    const ids = trainer.ir.networks.find((n) => n.name === 'G')!.weights;
    ids.forEach((id, k) => {
      const ema = values(trainer.ema.get(id));
      ema.forEach((v, i) => expect(v).toBeCloseTo(w0[k]![i]! * 0.9 + w1[k]![i]! * 0.1, 6));
    });
    expect(trainer.ema.ids()).toEqual(ids);
    trainer.dispose();
  });
});

describe('resume', () => {
  it('a run restored from a checkpoint continues with the losses of an uninterrupted run', async () => {
    const ir = tinyGan({ ema: true, repeatD: 2 });
    const straight = new Trainer(ir, [table4]);
    const expected: number[][] = [];
    for (let i = 0; i < 12; i++) expected.push([...(await straight.runIteration()).losses.values()]);

    const first = new Trainer(ir, [table4]);
    for (let i = 0; i < 5; i++) await first.runIteration();
    const bytes = encodeCheckpoint(await snapshot(first));
    first.dispose();

    const resumed = new Trainer(ir, [table4]);
    const decoded = decodeCheckpoint(bytes);
    if (typeof decoded === 'string') throw new Error(decoded);
    expect(restore(resumed, decoded)).toBeUndefined();
    const after: number[][] = [];
    for (let i = 5; i < 12; i++) after.push([...(await resumed.runIteration()).losses.values()]);
    expect(after).toEqual(expected.slice(5));
    for (const id of ir.weights.map((w) => w.id)) expect(values(resumed.weights.get(id))).toEqual(values(straight.weights.get(id)));
    straight.dispose();
    resumed.dispose();
  });

  it('refuses a checkpoint of another model', async () => {
    const a = new Trainer(tinyAutoencoder(8, 3), [syntheticTable(16, 8)]);
    const b = new Trainer(tinyAutoencoder(8, 4), [syntheticTable(16, 8)]);
    expect(restore(b, await snapshot(a))).toMatch(/is \[8, 3\] there but \[8, 4\] in the spec/);
    expect(decodeCheckpoint(new Uint8Array([1, 2, 3]))).toMatch(/magic/);
    a.dispose();
    b.dispose();
  });
});

describe('memory', () => {
  it('the live tensor count is flat across 1000 iterations', async () => {
    const trainer = new Trainer(tinyGan({ ema: true, repeatD: 2 }), [table4]);
    await trainer.runIteration();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) await trainer.runIteration();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  }, 60_000);
});
