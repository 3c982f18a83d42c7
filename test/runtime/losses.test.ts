// Losses, model terms, optimizers and initialisers against hand-computed values.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/numerics/tf.js';
import { bceLogitsLoss, bceLoss, crossEntropyLoss, l1Loss, mseLoss } from '../../src/numerics/expressions/losses.js';
import { meanAll, sumExamples } from '../../src/numerics/expressions/reduce.js';
import { gradientPenaltyFromGradient, interpolate, klNormal, r1FromGradient, reparam } from '../../src/numerics/expressions/modelTerms.js';
import { updateRule } from '../../src/numerics/optimizers.js';
import { initialTensor } from '../../src/numerics/init.js';
import { drawLatent } from '../../src/numerics/latents.js';
import { adam, sgd } from './irBuilder.js';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

const scalar = (t: tf.Tensor) => values(t)[0]!;

describe('losses reduce per example, then over the batch', () => {
  const t = tf.tensor2d([[0, 1], [1, 1]]);
  const p = tf.tensor2d([[0.5, 0.5], [1, 0]]);
  it('mse and l1, mean and sum', () => {
    // per example: (0.25 + 0.25)/2 = 0.25, (0 + 1)/2 = 0.5 → 0.375
    expect(scalar(mseLoss(t, p, 'mean'))).toBeCloseTo(0.375);
    expect(scalar(mseLoss(t, p, 'sum'))).toBeCloseTo(0.75);
    expect(scalar(l1Loss(t, p, 'mean'))).toBeCloseTo(0.5);
  });
  it('bce clips the prediction to [1e-7, 1 - 1e-7]', () => {
    const v = scalar(bceLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.8, 0]]), 'mean'));
    expect(v).toBeCloseTo(-Math.log(0.8) / 2 + -Math.log(1 - 1e-7) / 2, 5);
    expect(scalar(bceLoss(tf.tensor2d([[1]]), tf.tensor2d([[0]]), 'mean'))).toBeCloseTo(-Math.log(1e-7), 2);
  });
  it('bce_logits equals bce of the sigmoid, with a scalar target', () => {
    const x = tf.tensor2d([[-3], [0.5], [4]]);
    const expected = [-3, 0.5, 4].reduce((s, v) => s + Math.log(1 + Math.exp(-v)), 0) / 3;
    expect(scalar(bceLogitsLoss(tf.scalar(1), x, 'mean'))).toBeCloseTo(expected, 5);
    const zero = [-3, 0.5, 4].reduce((s, v) => s + Math.log(1 + Math.exp(v)), 0) / 3;
    expect(scalar(bceLogitsLoss(tf.scalar(0), x, 'mean'))).toBeCloseTo(zero, 5);
  });
  it('cross_entropy from labels and from a distribution', () => {
    const logits = tf.tensor2d([[0, Math.log(3)]]); // softmax = [1/4, 3/4]
    expect(scalar(crossEntropyLoss(tf.tensor1d([1], 'int32'), logits, 2))).toBeCloseTo(-Math.log(0.75), 5);
    expect(scalar(crossEntropyLoss(tf.tensor2d([[0.5, 0.5]]), logits, 2))).toBeCloseTo(-(Math.log(0.25) + Math.log(0.75)) / 2, 5);
  });
  it('mean and sum of a batch', () => {
    const v = tf.tensor2d([[1, 2], [3, 6]]);
    expect(scalar(meanAll(v))).toBeCloseTo(3);
    expect(scalar(sumExamples(v))).toBeCloseTo(6);
    expect(scalar(sumExamples(tf.scalar(5)))).toBe(5);
  });
});

describe('model terms', () => {
  it('kl_normal is 0 at N(0, 1) and matches the closed form elsewhere', () => {
    expect(scalar(klNormal(tf.zeros([3, 2]), tf.zeros([3, 2])))).toBeCloseTo(0);
    // mu = 1, logvar = log 2: -½(1 + log2 - 1 - 2) per element, two elements.
    const expected = -0.5 * (1 + Math.log(2) - 1 - 2) * 2;
    expect(scalar(klNormal(tf.ones([1, 2]), tf.fill([1, 2], Math.log(2))))).toBeCloseTo(expected, 5);
  });
  it('reparam is mu + exp(logvar/2)·eps with seeded eps', () => {
    const mu = tf.fill([1, 3], 2);
    const eps = values(tf.randomNormal([1, 3], 0, 1, 'float32', 9));
    const z = values(reparam(mu, tf.fill([1, 3], Math.log(4)), 9));
    z.forEach((v, i) => expect(v).toBeCloseTo(2 + 2 * eps[i]!, 5));
  });
  it('interpolate draws one eps per example', () => {
    const real = tf.ones([2, 2, 2, 1]);
    const xhat = values(interpolate(real, tf.zeros([2, 2, 2, 1]), 5));
    expect(new Set(xhat.slice(0, 4)).size).toBe(1);
    expect(new Set(xhat.slice(4)).size).toBe(1);
    expect(xhat[0]).not.toBe(xhat[4]);
  });
  it('penalties from a known gradient', () => {
    const g = tf.tensor2d([[3, 4], [0, 1]]); // norms 5 and 1
    expect(scalar(gradientPenaltyFromGradient(g))).toBeCloseTo((16 + 0) / 2, 4);
    expect(scalar(r1FromGradient(g))).toBeCloseTo((25 + 1) / 2, 4);
  });
  it('categorical latents are labels in 0..K-1, roughly uniform', () => {
    const labels = values(drawLatent({ name: 'c', type: { kind: 'class', classes: 10 }, distribution: { kind: 'categorical', classes: 10 }, slot: 0, source: { line: 1, column: 1 } }, 5000, 3));
    expect(Math.min(...labels)).toBe(0);
    expect(Math.max(...labels)).toBe(9);
    const fives = labels.filter((l) => l === 5).length;
    expect(fives).toBeGreaterThan(400);
    expect(fives).toBeLessThan(600);
  });
});

describe('optimizers', () => {
  it('adam: the first update moves each weight by about lr against the gradient sign', () => {
    const r = updateRule(adam(0.1)).apply(tf.tensor1d([1, 1]), tf.tensor1d([0.5, -2]), [tf.zeros([2]), tf.zeros([2])], 1, 0.1);
    const w = values(r.weight);
    expect(w[0]).toBeCloseTo(0.9, 5);
    expect(w[1]).toBeCloseTo(1.1, 5);
    expect(values(r.slots[0]!)).toEqual(values(tf.tensor1d([0.05, -0.2])));
  });
  it('adam: the second update uses bias corrections for t = 2', () => {
    const o = adam(0.1);
    const g = 0.5;
    const m = 0.9 * 0.05 + 0.1 * g;
    const v = 0.999 * 0.00025 + 0.001 * g * g;
    const alpha = (0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    const r = updateRule(o).apply(tf.tensor1d([1]), tf.tensor1d([g]), [tf.tensor1d([0.05]), tf.tensor1d([0.00025])], 2, o.lr);
    expect(values(r.weight)[0]).toBeCloseTo(1 - (alpha * m) / (Math.sqrt(v) + 1e-7), 5);
  });
  it('sgd with momentum (PyTorch form)', () => {
    const momentum = updateRule(sgd(0.1, 0.9));
    const r1 = momentum.apply(tf.tensor1d([1]), tf.tensor1d([1]), [tf.zeros([1])], 1, 0.1);
    expect(values(r1.weight)[0]).toBeCloseTo(0.9);
    const r2 = momentum.apply(r1.weight, tf.tensor1d([1]), r1.slots, 2, 0.1);
    expect(values(r2.weight)[0]).toBeCloseTo(0.9 - 0.19);
    expect(updateRule(sgd(0.1)).apply(tf.tensor1d([1]), tf.tensor1d([2]), [], 1, 0.1).slots).toEqual([]);
  });
  it('rmsprop', () => {
    const o = { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7 } as const;
    const r = updateRule(o).apply(tf.tensor1d([1]), tf.tensor1d([2]), [tf.zeros([1])], 1, o.lr);
    expect(values(r.weight)[0]).toBeCloseTo(1 - (0.01 * 2) / (Math.sqrt(0.4) + 1e-7), 6);
  });
});

describe('initialisers', () => {
  it('glorot_uniform stays within ±sqrt(6/(fanIn+fanOut)) and is seeded', () => {
    const w = values(initialTensor({ kind: 'glorot_uniform' }, [30, 20], 30, 20, 11));
    const limit = Math.sqrt(6 / 50);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(limit * 0.95);
    expect(values(initialTensor({ kind: 'glorot_uniform' }, [30, 20], 30, 20, 11))).toEqual(w);
  });
  it('he_normal has std sqrt(2/fanIn); zeros and ones draw nothing', () => {
    const w = values(initialTensor({ kind: 'he_normal' }, [100, 50], 100, 50, 2));
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / 100), 2);
    expect(values(initialTensor({ kind: 'ones' }, [2], 1, 1, 0))).toEqual([1, 1]);
  });
});
