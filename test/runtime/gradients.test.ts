// Gradients (what every step applies) against central finite differences.
// tfjs has no float64, so nets are small, h = 1e-2 and the tolerance loose
// enough for float32 rounding yet far below any real bug (a wrong sign or a
// missing term changes the gradient by O(1)).
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor } from '../../src/numerics/tf.js';
import { applyDense } from '../../src/numerics/layers/dense.js';
import { applyConv2d, applyConv2dTranspose } from '../../src/numerics/layers/conv.js';
import { applyLayernorm, batchnormTrain } from '../../src/numerics/layers/normalization.js';
import { spectralNormalize } from '../../src/numerics/layers/spectralNorm.js';
import { applyAvgpool, applyMaxpool, applyUpsample } from '../../src/numerics/layers/pooling.js';
import { bceLogitsLoss, bceLoss, crossEntropyLoss, mseLoss } from '../../src/numerics/expressions/losses.js';
import { gradientPenaltyFromGradient, inputGradient, interpolate, klNormal, r1FromGradient } from '../../src/numerics/expressions/modelTerms.js';
import { stopGradient } from '../../src/numerics/stopGradient.js';
import { useCpu } from './helpers.js';

beforeAll(useCpu);

/** Compares tfjs's gradient of `f` at `params` with central differences on every entry. */
function checkGradients(f: (params: Tensor[]) => Tensor, params: Tensor[], h = 1e-2, tolerance = 2e-2): void {
  const analytic = tf.tidy(() => tf.engine().gradients(() => f(params) as tf.Scalar, params, undefined, true).grads);
  params.forEach((param, p) => {
    const base = param.dataSync().slice();
    const grad = analytic[p]!.dataSync();
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number) =>
        tf.tidy(() => {
          const shifted = base.slice();
          shifted[i]! += delta;
          const moved = params.map((q, k) => (k === p ? tf.tensor(shifted, q.shape) : q));
          return f(moved).dataSync()[0]!;
        });
      const numeric = (at(h) - at(-h)) / (2 * h);
      const scale = Math.max(1, Math.abs(numeric));
      expect(Math.abs(grad[i]! - numeric) / scale, `param ${p} entry ${i}: ${grad[i]} vs ${numeric}`).toBeLessThan(tolerance);
    }
  });
}

const seeded = (shape: number[], seed: number, std = 0.5) => tf.randomNormal(shape, 0, std, 'float32', seed);

describe('layer gradients', () => {
  it('dense + tanh + mse', () => {
    const x = seeded([3, 4], 1);
    const t = seeded([3, 2], 2);
    checkGradients(([k, b]) => mseLoss(t, tf.tanh(applyDense(x, k!, b!)), 'mean'), [seeded([4, 2], 3), seeded([2], 4)]);
  });
  it('conv2d stride 2 and conv2d_transpose', () => {
    const x = seeded([2, 4, 4, 1], 5);
    checkGradients(
      ([k, b, kt]) => {
        const h = tf.sigmoid(applyConv2d(x, k!, b!, 2, 'same'));
        const y = applyConv2dTranspose(h, kt!, tf.zeros([1]), [2, 4, 4, 1], 2, 'same');
        return tf.mean(tf.square(y));
      },
      [seeded([3, 3, 1, 2], 6), seeded([2], 7), seeded([3, 3, 1, 2], 8)],
    );
  });
  it('batchnorm (training) and layernorm', () => {
    const x = seeded([4, 3], 9, 1);
    const t = seeded([4, 3], 10);
    checkGradients(
      ([g, b, k]) => mseLoss(t, applyLayernorm(batchnormTrain(applyDense(x, k!, tf.zeros([3])), g!, b!, 1e-3).y, g!, b!, 1e-3), 'mean'),
      [tf.tensor1d([1, 0.5, 2]), tf.tensor1d([0.1, 0, -0.1]), seeded([3, 3], 11)],
      1e-2,
      3e-2,
    );
  });
  it('spectral_norm: gradient through sigma, u and v held constant', () => {
    // Finite differences rerun the power iteration; once it has converged,
    // sigma is stationary in u and v, so holding them constant (what the
    // runtime differentiates) gives the same derivative.
    const x = seeded([3, 3], 12, 1);
    const u = tf.tensor2d([[0.6, 0.8]]);
    checkGradients(([k]) => tf.mean(tf.square(applyDense(x, spectralNormalize(k!, u, 60, 1e-12).kernel, tf.zeros([2])))), [seeded([3, 2], 13)]);
  });
  it('upsample, avgpool, maxpool', () => {
    checkGradients(
      ([x]) => tf.sum(tf.mul(applyMaxpool(applyUpsample(x!, 2), 2, 'valid'), applyAvgpool(applyUpsample(x!, 2), 2, 'valid'))),
      [seeded([1, 2, 2, 2], 14)],
    );
  });
});

describe('loss gradients', () => {
  it('bce, bce_logits, cross_entropy, kl_normal', () => {
    const t = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
    checkGradients(([x]) => bceLoss(t, tf.sigmoid(x!), 'sum'), [seeded([2, 3], 15)]);
    checkGradients(([x]) => bceLogitsLoss(t, x!, 'mean'), [seeded([2, 3], 16)]);
    checkGradients(([x]) => crossEntropyLoss(tf.tensor1d([2, 0], 'int32'), x!, 3), [seeded([2, 3], 17)]);
    checkGradients(([mu, lv]) => klNormal(mu!, lv!), [seeded([2, 3], 18), seeded([2, 3], 19)]);
  });
  it('detach stops the gradient', () => {
    const w = tf.tensor1d([1, 2]);
    const g = tf.engine().gradients(() => tf.sum(tf.mul(w, stopGradient(w))) as tf.Scalar, [w]).grads[0]!;
    expect(Array.from(g.dataSync())).toEqual([1, 2]);
  });
});

describe('second-order gradients (penalties)', () => {
  // A small critic with leaky_relu, whose input gradient the penalty differentiates again.
  const critic = (x: Tensor, k1: Tensor, k2: Tensor) =>
    applyDense(tf.leakyRelu(applyDense(x, k1, tf.tensor1d([0.1, -0.2, 0.3])), 0.2), k2, tf.zeros([1]));
  it('gradient_penalty: d/dweights of (‖∇x D(xhat)‖ - 1)²', () => {
    const real = seeded([3, 2], 20, 1);
    const fake = seeded([3, 2], 21, 1);
    checkGradients(
      ([k1, k2]) => {
        const xhat = interpolate(real, fake, 22);
        return gradientPenaltyFromGradient(inputGradient((x) => critic(x, k1!, k2!), xhat));
      },
      [seeded([2, 3], 23, 1), seeded([3, 1], 24, 1)],
      1e-3,
      3e-2,
    );
  });
  it('gradient_penalty through conv2d', () => {
    const real = seeded([2, 4, 4, 1], 25, 1);
    const fake = seeded([2, 4, 4, 1], 26, 1);
    checkGradients(
      ([k]) => {
        const d = (x: Tensor) => tf.sum(tf.leakyRelu(applyConv2d(x, k!, tf.zeros([2]), 2, 'same'), 0.2), [1, 2, 3]);
        return gradientPenaltyFromGradient(inputGradient(d, interpolate(real, fake, 27)));
      },
      [seeded([3, 3, 1, 2], 28, 1)],
      1e-3,
      3e-2,
    );
  });
  it('r1_penalty', () => {
    const real = seeded([3, 2], 29, 1);
    checkGradients(([k1, k2]) => r1FromGradient(inputGradient((x) => critic(x, k1!, k2!), real)), [seeded([2, 3], 30, 1), seeded([3, 1], 31, 1)], 1e-3, 3e-2);
  });
});
