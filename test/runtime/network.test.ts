// applyNetwork: training versus inference mode, state writes, random slots.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/numerics/tf.js';
import { applyNetwork } from '../../src/numerics/network.js';
import { IrBuilder } from './irBuilder.js';
import { contextOf, useCpu, values } from './helpers.js';

beforeAll(useCpu);

function bnDropoutNet() {
  const b = new IrBuilder();
  b.network('N', [{ name: 'x', shape: [2] }], (n) => {
    const h = n.batchnorm(0, [2], 0.5, 0);
    return [{ node: n.dropout(h, [2], 0.5), shape: [2] }];
  });
  return b.build().networks[0]!;
}

const weights = {
  'N/batchnorm_1/gamma': tf.ones([2]),
  'N/batchnorm_1/beta': tf.zeros([2]),
};
const state = {
  'N/batchnorm_1/moving_mean': tf.tensor1d([1, 1]),
  'N/batchnorm_1/moving_variance': tf.tensor1d([4, 4]),
};

describe('applyNetwork', () => {
  it('inference: batchnorm uses the moving statistics, dropout is the identity, nothing is written', () => {
    const ctx = contextOf(weights, { state });
    const [y] = applyNetwork(bnDropoutNet(), [tf.tensor2d([[3, 5]])], ctx, 0);
    expect(values(y!)).toEqual([1, 2]);
    expect(ctx.written.size).toBe(0);
  });

  it('training: batch statistics, moving averages written, and a second application reads them', () => {
    const net = bnDropoutNet();
    const ctx = contextOf(weights, { state, training: true });
    applyNetwork(net, [tf.tensor2d([[0, 0], [2, 4]])], ctx, 0);
    // mean [1, 2], variance [1, 4]; moving = 0.5·old + 0.5·batch.
    expect(values(ctx.written.get('N/batchnorm_1/moving_mean')!)).toEqual([1, 1.5]);
    expect(values(ctx.written.get('N/batchnorm_1/moving_variance')!)).toEqual([2.5, 4]);
    applyNetwork(net, [tf.tensor2d([[0, 0], [2, 4]])], ctx, 1);
    expect(values(ctx.written.get('N/batchnorm_1/moving_mean')!)).toEqual([1, 1.75]);
  });

  it("training: dropout's mask depends on the application's call", () => {
    const net = bnDropoutNet();
    const x = tf.randomNormal([64, 2], 0, 1, 'float32', 1);
    const ctx = contextOf(weights, { state, training: true });
    const a = values(applyNetwork(net, [x], ctx, 0)[0]!);
    const b = values(applyNetwork(net, [x], ctx, 1)[0]!);
    const c = values(applyNetwork(net, [x], ctx, 0)[0]!);
    expect(a.filter((v) => v === 0).length).toBeGreaterThan(30);
    expect(b).not.toEqual(a);
    expect(c).toEqual(a);
  });
});
