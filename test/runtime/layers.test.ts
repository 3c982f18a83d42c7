// Each layer's forward pass against values computed by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/numerics/tf.js';
import { applyDense } from '../../src/numerics/layers/dense.js';
import { applyConv2d, applyConv2dTranspose } from '../../src/numerics/layers/conv.js';
import { applyLayernorm, batchnormInference, batchnormTrain, movingAverage } from '../../src/numerics/layers/normalization.js';
import { spectralNormalize } from '../../src/numerics/layers/spectralNorm.js';
import { applyDropout, applyGaussianNoise } from '../../src/numerics/layers/regularization.js';
import { applyAvgpool, applyMaxpool, applyUpsample } from '../../src/numerics/layers/pooling.js';
import { applyAdd, applyConcat, applyFlatten, applyReshape } from '../../src/numerics/layers/shape.js';
import { applyLeakyRelu, applySoftmax } from '../../src/numerics/layers/activations.js';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

const close = (actual: number[], expected: number[], digits = 5) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, digits));
};

describe('dense', () => {
  const kernel = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const bias = tf.tensor1d([0.5, 0, -1]);
  it('computes x·W + b', () => {
    close(values(applyDense(tf.tensor2d([[1, 2]]), kernel, bias)), [9.5, 12, 14]);
  });
  it('acts on the last axis of a rank-3 input', () => {
    const y = applyDense(tf.tensor3d([[[1, 2], [0, 1]]]), kernel, bias);
    expect(y.shape).toEqual([1, 2, 3]);
    close(values(y), [9.5, 12, 14, 4.5, 5, 5]);
  });
});

describe('conv2d and conv2d_transpose', () => {
  it('conv2d 2×2 of ones, valid, stride 1', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = applyConv2d(x, tf.ones([2, 2, 1, 1]), tf.tensor1d([1]), 1, 'valid');
    expect(y.shape).toEqual([1, 2, 2, 1]);
    close(values(y), [13, 17, 25, 29]);
  });
  it('conv2d same, stride 2', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = applyConv2d(x, tf.ones([2, 2, 1, 1]), tf.tensor1d([0]), 2, 'same');
    close(values(y), [10]);
  });
  it('conv2d_transpose spreads one pixel over the kernel', () => {
    const x = tf.tensor4d([2], [1, 1, 1, 1]);
    const kernel = tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]);
    const y = applyConv2dTranspose(x, kernel, tf.tensor1d([0.5]), [1, 2, 2, 1], 2, 'same');
    close(values(y), [2.5, 4.5, 6.5, 8.5]);
  });
});

describe('normalisation', () => {
  it('batchnorm (training) uses the batch statistics and reports them per channel', () => {
    const x = tf.tensor2d([[1, 10], [3, 10]]);
    const r = batchnormTrain(x, tf.tensor1d([2, 1]), tf.tensor1d([0, 5]), 1e-3);
    const s = 1 / Math.sqrt(1 + 1e-3);
    close(values(r.y), [-2 * s, 5, 2 * s, 5]);
    close(values(r.mean), [2, 10]);
    close(values(r.variance), [1, 0]);
  });
  it('moving statistics follow Keras: moving·momentum + batch·(1 - momentum)', () => {
    close(values(movingAverage(tf.tensor1d([0, 1]), tf.tensor1d([2, 3]), 0.99)), [0.02, 1.02]);
  });
  it('batchnorm (inference) uses the moving statistics', () => {
    const y = batchnormInference(tf.tensor2d([[3]]), tf.tensor1d([1]), tf.tensor1d([0]), tf.tensor1d([1]), tf.tensor1d([4]), 0);
    close(values(y), [1]);
  });
  it('batchnorm on images averages over batch, height and width', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    const r = batchnormTrain(x, tf.ones([1]), tf.zeros([1]), 0);
    close(values(r.mean), [4.5]);
    close(values(r.variance), [5.25]);
  });
  it('layernorm normalises each example over its last axis', () => {
    const y = applyLayernorm(tf.tensor2d([[1, 3], [5, 5]]), tf.tensor1d([1, 1]), tf.tensor1d([0, 0]), 1e-3);
    const s = 1 / Math.sqrt(1 + 1e-3);
    close(values(y), [-s, s, 0, 0]);
  });
});

describe('spectral_norm', () => {
  it('divides by the largest singular value once the power iteration converges', () => {
    // A diagonal kernel: singular values 3 and 1.
    const kernel = tf.tensor2d([[3, 0], [0, 1]]);
    const r = spectralNormalize(kernel, tf.tensor2d([[0.6, 0.8]]), 30, 1e-12);
    close(values(r.kernel), [1, 0, 0, 1 / 3], 4);
    expect(r.u.shape).toEqual([1, 2]);
    close(values(r.u).map(Math.abs), [1, 0], 4);
  });
  it('does one iteration per call, starting from the stored u', () => {
    const kernel = tf.tensor2d([[2, 0], [0, 1]]);
    const u0 = tf.tensor2d([[Math.SQRT1_2, Math.SQRT1_2]]);
    // v = norm(W u) = [2, 1]/√5; u' = norm(Wᵀ v) = [4, 1]/√17; sigma = v·(W u') = [2, 1]·[8, 1]/(√5 √17) = 17/√85.
    const r = spectralNormalize(kernel, u0, 1, 0);
    close(values(r.u), [4 / Math.sqrt(17), 1 / Math.sqrt(17)]);
    const sigma = 17 / Math.sqrt(85);
    close(values(r.kernel), [2 / sigma, 0, 0, 1 / sigma], 4);
  });
  it('in inference (0 iterations) leaves u as it is', () => {
    const u0 = tf.tensor2d([[1, 0]]);
    const r = spectralNormalize(tf.tensor2d([[2, 0], [0, 1]]), u0, 0, 0);
    close(values(r.u), [1, 0]);
    close(values(r.kernel), [1, 0, 0, 0.5]);
  });
});

describe('dropout and gaussian_noise', () => {
  it('dropout zeroes some entries and scales the rest by 1/(1 - rate), the same for the same seed', () => {
    const x = tf.ones([50, 20]);
    const a = values(applyDropout(x, 0.25, 7));
    expect(new Set(a.map((v) => v.toFixed(4)))).toEqual(new Set(['0.0000', (1 / 0.75).toFixed(4)]));
    const kept = a.filter((v) => v > 0).length / a.length;
    expect(kept).toBeGreaterThan(0.68);
    expect(kept).toBeLessThan(0.82);
    expect(values(applyDropout(x, 0.25, 7))).toEqual(a);
    expect(values(applyDropout(x, 0.25, 8))).not.toEqual(a);
  });
  it('gaussian_noise adds N(0, std)', () => {
    const noisy = values(applyGaussianNoise(tf.zeros([4000]), 0.5, 3));
    const mean = noisy.reduce((s, v) => s + v, 0) / noisy.length;
    const std = Math.sqrt(noisy.reduce((s, v) => s + (v - mean) ** 2, 0) / noisy.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(std).toBeCloseTo(0.5, 1);
  });
});

describe('upsample and pools', () => {
  const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  it('upsample repeats each pixel factor × factor times', () => {
    const y = applyUpsample(x, 2);
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(values(y)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });
  it('maxpool and avgpool (2)', () => {
    expect(values(applyMaxpool(x, 2, 'valid'))).toEqual([4]);
    expect(values(applyAvgpool(x, 2, 'valid'))).toEqual([2.5]);
  });
});

describe('shape layers and activations', () => {
  it('flatten, reshape, concat, add', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(applyFlatten(x).shape).toEqual([1, 4]);
    expect(applyReshape(applyFlatten(x), [2, 2, 1]).shape).toEqual([1, 2, 2, 1]);
    expect(values(applyConcat([tf.tensor2d([[1]]), tf.tensor2d([[2, 3]])]))).toEqual([1, 2, 3]);
    expect(values(applyAdd([tf.tensor1d([1]), tf.tensor1d([2]), tf.tensor1d([3])]))).toEqual([6]);
  });
  it('leaky_relu and softmax', () => {
    close(values(applyLeakyRelu(tf.tensor1d([-2, 3]), 0.2)), [-0.4, 3]);
    const e = [1, Math.E, Math.E ** 2];
    const total = e[0]! + e[1]! + e[2]!;
    close(values(applySoftmax(tf.tensor2d([[0, 1, 2]]))), e.map((v) => v / total));
  });
});
