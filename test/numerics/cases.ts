// Every numeric the runtime (and, copied, every generated module) computes,
// one entry each: layers in every variant, activations, losses, reductions,
// expression ops, model terms, latent draws, label encodings and optimizer
// updates, each calling the runtime's own function. Adding an op is adding an
// entry here; backends.test.ts runs each on every backend against the cpu
// reference and against finite differences.

import { tf, type Tensor } from '../../src/numerics/tf.js';
import { applyLeakyRelu, applyRelu, applySigmoid, applySoftmax, applyTanh } from '../../src/numerics/layers/activations.js';
import { applyConv2d, applyConv2dTranspose } from '../../src/numerics/layers/conv.js';
import { applyDense } from '../../src/numerics/layers/dense.js';
import { applyInstancenorm, applyLayernorm, batchnormInference, batchnormTrain, movingAverage } from '../../src/numerics/layers/normalization.js';
import { applyCrop, applyPad, applyResize } from '../../src/numerics/layers/spatial.js';
import { applyAvgpool, applyMaxpool, applyUpsample } from '../../src/numerics/layers/pooling.js';
import { applyDropout, applyGaussianNoise } from '../../src/numerics/layers/regularization.js';
import { applyAdd, applyConcat, applyFlatten, applyReshape } from '../../src/numerics/layers/shape.js';
import { spectralNormalize } from '../../src/numerics/layers/spectralNorm.js';
import { bceLogitsLoss, bceLoss, crossEntropyLoss, l1Loss, mseLoss } from '../../src/numerics/expressions/losses.js';
import { meanAll, sumExamples } from '../../src/numerics/expressions/reduce.js';
import {
  addNoise,
  gradientPenaltyFromGradient,
  inputGradient,
  interpolate,
  klNormal,
  r1FromGradient,
  reparam,
} from '../../src/numerics/expressions/modelTerms.js';
import { cutoutImages, cutoutSquares } from '../../src/numerics/expressions/cutout.js';
import { stopGradient } from '../../src/numerics/stopGradient.js';
import { drawLatent } from '../../src/numerics/latents.js';
import { oneHotLabels } from '../../src/numerics/labels.js';
import { gatherBatch } from '../../src/numerics/dataCursor.js';
import { updateRule } from '../../src/numerics/optimizers.js';
import type { DataSource, Distribution, Latent, Optimizer, Padding, ValueType } from '../../src/ir/types.js';
import type { InputSpec, NumericsCase } from './differentialHarness.js';

const float = (shape: number[], low?: number, high?: number): InputSpec => ({ kind: 'float', shape, ...(low === undefined ? {} : { low, high }) });
/** Values kept away from a kink (relu, abs, maxpool ties, clip bounds) by more than ε. */
const kinked = (shape: number[]): InputSpec => ({ kind: 'float', shape, awayFromZero: true });
const labels = (count: number, classes: number): InputSpec => ({ kind: 'labels', shape: [count], classes });
/** Finite differences across kinks need a small step. */
const KINK_EPSILON = 1e-3;

const cases: NumericsCase[] = [];
const add = (c: NumericsCase): void => void cases.push(c);

// ───────────── layers ─────────────

add({ name: 'dense rank 2', inputs: [float([3, 5]), float([5, 4]), float([4])], run: applyDense });
add({ name: 'dense rank 3', inputs: [float([2, 3, 5]), float([5, 4]), float([4])], run: applyDense });

for (const padding of ['same', 'valid'] as const) {
  for (const stride of [1, 2]) {
    for (const [size, k] of [[7, 3], [8, 4]] as const) {
      add({
        name: `conv2d ${size}×${size} k${k} stride ${stride} ${padding}`,
        inputs: [float([2, size, size, 3]), float([k, k, 3, 4]), float([4])],
        run: (x, kernel, bias) => applyConv2d(x, kernel, bias, stride, padding),
      });
    }
  }
}

/** The checker's output size of conv2d_transpose (docs/reference.md): same: H·s; valid: (H − 1)·s + k. */
const transposedSize = (size: number, k: number, stride: number, padding: Padding): number => (padding === 'same' ? size * stride : (size - 1) * stride + k);
for (const padding of ['same', 'valid'] as const) {
  for (const stride of [1, 2]) {
    for (const [size, k] of [[4, 3], [5, 4]] as const) {
      const out = transposedSize(size, k, stride, padding);
      add({
        name: `conv2d_transpose ${size}×${size} k${k} stride ${stride} ${padding}`,
        inputs: [float([2, size, size, 3]), float([k, k, 4, 3]), float([4])],
        run: (x, kernel, bias) => applyConv2dTranspose(x, kernel, bias, [2, out, out, 4], stride, padding),
      });
    }
  }
}

// Pools (always unpadded, as the IR decides): negative maxima included (wasm's MaxPoolGrad dropped them), odd sizes drop an edge.
for (const size of [6, 5, 7]) {
  add({ name: `maxpool 2 on ${size}×${size} valid`, inputs: [kinked([2, size, size, 3])], run: (x) => applyMaxpool(x, 2, 'valid'), epsilon: KINK_EPSILON });
  add({ name: `avgpool 2 on ${size}×${size} valid`, inputs: [float([2, size, size, 3])], run: (x) => applyAvgpool(x, 2, 'valid') });
}
add({ name: 'maxpool 3 on 6×6 valid', inputs: [kinked([2, 6, 6, 2])], run: (x) => applyMaxpool(x, 3, 'valid'), epsilon: KINK_EPSILON });
add({ name: 'maxpool of all-negative windows', inputs: [{ kind: 'float', shape: [2, 4, 4, 2], low: -3, high: -0.5 }], run: (x) => applyMaxpool(x, 2, 'valid') });
add({ name: 'upsample 2', inputs: [float([2, 3, 3, 2])], run: (x) => applyUpsample(x, 2) });
// pad, crop, resize: reflection's gradient sums what the mirrored border sends back (tfjs's own MirrorPad gradient drops it).
add({ name: 'pad 1 zero', inputs: [float([2, 3, 4, 2])], run: (x) => applyPad(x, [1, 1, 1, 1], 'zero') });
add({ name: 'pad [2, 0, 1, 3] zero', inputs: [float([2, 3, 4, 2])], run: (x) => applyPad(x, [2, 0, 1, 3], 'zero') });
add({ name: 'pad 1 reflect', inputs: [float([2, 3, 4, 2])], run: (x) => applyPad(x, [1, 1, 1, 1], 'reflect') });
add({ name: 'pad [2, 1, 3, 0] reflect, the widest reflection', inputs: [float([2, 3, 4, 2])], run: (x) => applyPad(x, [2, 1, 3, 0], 'reflect') });
add({ name: 'crop [1, 0, 2, 1]', inputs: [float([2, 4, 5, 2])], run: (x) => applyCrop(x, [1, 0, 2, 1]) });
for (const method of ['nearest', 'bilinear'] as const) {
  add({ name: `resize ${method} 3×4 to 5×7`, inputs: [float([2, 3, 4, 2])], run: (x) => applyResize(x, 5, 7, method) });
  add({ name: `resize ${method} 6×5 to 4×2`, inputs: [float([2, 6, 5, 2])], run: (x) => applyResize(x, 4, 2, method) });
  add({ name: `resize ${method} 3×3 to 6×3 (width kept)`, inputs: [float([1, 3, 3, 2])], run: (x) => applyResize(x, 6, 3, method) });
}
add({ name: 'instancenorm affine', inputs: [float([3, 3, 4, 2]), float([2]), float([2])], run: (x, g, b) => applyInstancenorm(x, g, b, 1e-5) });
add({ name: 'instancenorm not affine', inputs: [float([2, 4, 3, 3])], run: (x) => applyInstancenorm(x, undefined, undefined, 1e-5) });

add({ name: 'batchnorm train (y, mean, variance)', inputs: [float([4, 3, 3, 2]), float([2]), float([2])], run: (x, g, b) => { const r = batchnormTrain(x, g, b, 1e-3); return [r.y, r.mean, r.variance]; } });
add({ name: 'batchnorm train on dense features', inputs: [float([6, 5]), float([5]), float([5])], run: (x, g, b) => batchnormTrain(x, g, b, 1e-3).y });
add({ name: 'batchnorm inference', inputs: [float([4, 3, 3, 2]), float([2]), float([2]), float([2]), float([2], 0.5, 2)], run: (x, g, b, m, v) => batchnormInference(x, g, b, m, v, 1e-3) });
add({ name: 'batchnorm moving average', inputs: [float([5]), float([5])], run: (moving, observed) => movingAverage(moving, observed, 0.99) });
add({ name: 'layernorm', inputs: [float([3, 4, 6]), float([6]), float([6])], run: (x, g, b) => applyLayernorm(x, g, b, 1e-3) });
add({ name: 'layernorm over [H, W, C]', inputs: [float([2, 3, 3, 2]), float([3, 3, 2]), float([3, 3, 2])], run: (x, g, b) => applyLayernorm(x, g, b, 1e-3) });

for (const [label, shape] of [['dense', [5, 4]], ['conv', [3, 3, 2, 4]]] as const) {
  for (const iterations of [1, 0]) {
    add({
      name: `spectral_norm ${label} kernel, ${iterations ? 'training' : 'inference'} (kernel, u)`,
      inputs: [float([...shape]), float([4], 0.1, 1)],
      wrt: [0],
      notFiniteDifferences: 'u and v are constants to the gradient by definition (as in PyTorch)',
      run: (kernel, u) => {
        const r = spectralNormalize(kernel, u, iterations, 1e-12);
        return [r.kernel, r.u];
      },
    });
  }
}

add({ name: 'dropout 0.3 (seeded)', inputs: [float([4, 6])], run: (x) => applyDropout(x, 0.3, 1234) });
add({ name: 'gaussian_noise 0.5 (seeded)', inputs: [float([4, 6])], run: (x) => applyGaussianNoise(x, 0.5, 1234) });
add({ name: 'reshape', inputs: [float([2, 12])], run: (x) => applyReshape(x, [3, 2, 2]) });
add({ name: 'flatten', inputs: [float([2, 3, 2, 2])], run: applyFlatten });
add({ name: 'concat', inputs: [float([3, 2]), float([3, 4])], run: (a, b) => applyConcat([a, b]) });
add({ name: 'add of three', inputs: [float([3, 4]), float([3, 4]), float([3, 4])], run: (a, b, c) => applyAdd([a, b, c]) });

// ───────────── activations ─────────────

add({ name: 'relu', inputs: [kinked([4, 5])], run: applyRelu, epsilon: KINK_EPSILON });
add({ name: 'sigmoid', inputs: [float([4, 5], -4, 4)], run: applySigmoid });
add({ name: 'tanh', inputs: [float([4, 5], -3, 3)], run: applyTanh });
add({ name: 'softmax', inputs: [float([4, 5], -3, 3)], run: applySoftmax });
add({ name: 'leaky_relu 0.2', inputs: [kinked([4, 5])], run: (x) => applyLeakyRelu(x, 0.2), epsilon: KINK_EPSILON });

// ───────────── losses ─────────────

for (const reduce of ['mean', 'sum'] as const) {
  add({ name: `mse ${reduce}`, inputs: [float([3, 2, 2]), float([3, 2, 2])], run: (t, p) => mseLoss(t, p, reduce) });
  add({ name: `l1 ${reduce}`, inputs: [float([3, 4]), kinked([3, 4])], run: (t, p) => l1Loss(t, p, reduce), wrt: [1], epsilon: KINK_EPSILON });
  add({ name: `bce ${reduce}`, inputs: [float([3, 4], 0, 1), float([3, 4], 0.05, 0.95)], run: (t, p) => bceLoss(t, p, reduce), wrt: [1, 0] });
  add({ name: `bce_logits ${reduce}`, inputs: [float([3, 4], 0, 1), float([3, 4], -4, 4)], run: (t, x) => bceLogitsLoss(t, x, reduce), wrt: [1, 0] });
}
add({ name: 'bce_logits against the scalar 1', inputs: [float([5, 1], -4, 4)], run: (x) => bceLogitsLoss(tf.scalar(1), x, 'mean') });
add({ name: 'cross_entropy with class labels (int32 → one-hot)', inputs: [labels(6, 5), float([6, 5], -3, 3)], run: (y, logits) => crossEntropyLoss(y, logits, 5) });
add({ name: 'cross_entropy with a distribution', inputs: [float([6, 5], 0, 1), float([6, 5], -3, 3)], run: (p, logits) => crossEntropyLoss(p, logits, 5), wrt: [1, 0] });

// ───────────── reductions and expression ops (as evaluate.ts and generated code apply them) ─────────────

add({ name: 'mean', inputs: [float([3, 4])], run: meanAll });
add({ name: 'sum (per example, then batch mean)', inputs: [float([3, 2, 2])], run: sumExamples });
const binary: [string, (a: Tensor, b: Tensor) => Tensor, InputSpec, InputSpec][] = [
  ['add', tf.add, float([3, 4]), float([3, 4])],
  ['sub', tf.sub, float([3, 4]), float([3, 4])],
  ['mul', tf.mul, float([3, 4]), float([3, 4])],
  ['div', tf.div, float([3, 4]), float([3, 4], 0.5, 2)],
  ['pow', tf.pow, float([3, 4], 0.5, 2), float([3, 4], -1, 2)],
];
for (const [name, op, a, b] of binary) add({ name: `expression ${name}`, inputs: [a, b], run: op });
add({ name: 'expression mul by a scalar const', inputs: [float([3, 4])], run: (a) => tf.mul(a, tf.scalar(0.5)) });
const unary: [string, (a: Tensor) => Tensor, InputSpec, number?][] = [
  ['neg', tf.neg, float([3, 4])],
  ['log', tf.log, float([3, 4], 0.2, 3)],
  ['exp', tf.exp, float([3, 4])],
  ['sqrt', tf.sqrt, float([3, 4], 0.2, 3)],
  ['abs', tf.abs, kinked([3, 4]), KINK_EPSILON],
  ['square', tf.square, float([3, 4])],
  ['relu', tf.relu, kinked([3, 4]), KINK_EPSILON],
  ['softplus', tf.softplus, float([3, 4], -3, 3)],
  ['clip -0.5..0.5', (a) => tf.clipByValue(a, -0.5, 0.5), { kind: 'float', shape: [3, 4], low: -0.45, high: 0.45 }],
  ['clip outside its bounds', (a) => tf.clipByValue(a, -0.5, 0.5), { kind: 'float', shape: [3, 4], low: 0.55, high: 2 }],
];
for (const [name, op, a, epsilon] of unary) add({ name: `expression ${name}`, inputs: [a], run: op, ...(epsilon ? { epsilon } : {}) });
add({ name: 'expression detach', inputs: [float([3, 4])], run: stopGradient, notFiniteDifferences: 'its gradient is zero by definition' });
add({ name: 'expression concat', inputs: [float([3, 2]), float([3, 3])], run: (a, b) => tf.concat([a, b], -1) });

// ───────────── model terms ─────────────

add({ name: 'kl_normal', inputs: [float([4, 3]), float([4, 3])], run: klNormal });
add({ name: 'reparam (seeded)', inputs: [float([4, 3]), float([4, 3])], run: (mu, logvar) => reparam(mu, logvar, 99) });
add({ name: 'noise (seeded)', inputs: [float([4, 3])], run: (v) => addNoise(v, 0.3, 99) });
add({ name: 'cutout 3×3, zero fill (seeded)', inputs: [float([4, 6, 5, 2])], run: (v) => cutoutImages(v, 3, 0, 99) });
add({ name: 'cutout 2×2, fill 0.5 (seeded)', inputs: [float([3, 4, 4, 1])], run: (v) => cutoutImages(v, 2, 0.5, 98) });
add({ name: 'cutout_mask 3×3 (seeded)', inputs: [float([4, 6, 5, 2])], run: (v) => cutoutSquares(v.shape, 3, 99), order: 0 });
add({ name: 'interpolate (seeded)', inputs: [float([3, 2, 2, 1]), float([3, 2, 2, 1])], run: (real, fake) => interpolate(real, fake, 99) });

/** A dense critic: dense → leaky_relu → dense, weights as inputs so the penalty is differentiated in them. */
const denseCritic = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => (x: Tensor) => applyDense(applyLeakyRelu(applyDense(x, w1, b1), 0.2), w2, b2);
const denseCriticInputs = [float([4, 6]), float([6, 5]), float([5]), float([5, 1]), float([1])];

/** A conv critic through every layer a penalty can meet: conv, maxpool, batchnorm, tanh, avgpool, layernorm, flatten, dense. */
const convCritic = (k1: Tensor, b1: Tensor, k2: Tensor, b2: Tensor, g: Tensor, beta: Tensor, w: Tensor, b: Tensor) => (x: Tensor) => {
  let h = applyLeakyRelu(applyConv2d(x, k1, b1, 1, 'same'), 0.2);
  h = applyMaxpool(h, 2, 'valid');
  h = applyTanh(batchnormTrain(applyConv2d(h, k2, b2, 1, 'same'), g, beta, 1e-3).y);
  // A `same` avgpool no spec produces (the IR pools unpadded), kept for the registered AvgPoolGrad's edge windows.
  h = tf.avgPool(h as tf.Tensor4D, 2, 2, 'same');
  h = applyLayernorm(applySigmoid(applyFlatten(h)), tf.ones([4]), tf.zeros([4]), 1e-3);
  return applyDense(h, w, b);
};
const convCriticInputs = [float([2, 6, 6, 1]), float([3, 3, 1, 3]), float([3]), float([3, 3, 3, 1]), float([1]), float([1]), float([1]), float([4, 1]), float([1])];

// The weights differentiated: all but the last bias, which the input gradient does not depend on, and
// (conv critic) the bias before batchnorm, whose gradient is zero up to rounding.
for (const [critic, inputs, weights, label] of [
  [(xs: Tensor[]) => denseCritic(xs[1]!, xs[2]!, xs[3]!, xs[4]!), denseCriticInputs, [1, 2, 3], 'dense critic'],
  [(xs: Tensor[]) => convCritic(xs[1]!, xs[2]!, xs[3]!, xs[4]!, xs[5]!, xs[6]!, xs[7]!, xs[8]!), convCriticInputs, [1, 2, 3, 5, 6, 7], 'conv critic (conv, maxpool, batchnorm, avgpool, layernorm)'],
] as const) {
  add({ name: `input gradient, ${label}`, inputs, order: 1, wrt: weights, epsilon: KINK_EPSILON, run: (...xs) => inputGradient(critic(xs), xs[0]!) });
  add({ name: `r1_penalty, ${label}`, inputs, order: 1, wrt: weights, epsilon: KINK_EPSILON, run: (...xs) => r1FromGradient(inputGradient(critic(xs), xs[0]!)) });
  add({
    name: `gradient_penalty (seeded interpolate), ${label}`,
    inputs: [inputs[0]!, ...inputs],
    order: 1,
    wrt: weights.map((i) => i + 1),
    epsilon: KINK_EPSILON,
    run: (real, fake, ...rest) => {
      const xhat = interpolate(real, fake, 7);
      return gradientPenaltyFromGradient(inputGradient(critic([xhat, ...rest]), xhat));
    },
  });
}

// ───────────── latent draws, labels: the int32 → float32 boundaries ─────────────

const latent = (type: ValueType, distribution: Distribution): Latent => ({ name: 'z', type, distribution, slot: 0, source: { line: 1, column: 1 } });
const draws: [string, Latent][] = [
  ['normal(0.5, 2)', latent({ kind: 'tensor', shape: [3, 2] }, { kind: 'normal', mean: 0.5, std: 2 })],
  ['uniform(-1, 3)', latent({ kind: 'tensor', shape: [4] }, { kind: 'uniform', low: -1, high: 3 })],
  ['categorical(7) as class[7] (int32)', latent({ kind: 'class', classes: 7 }, { kind: 'categorical', classes: 7 })],
  ['categorical(7) as a vector [7] (int32 → one-hot float32)', latent({ kind: 'tensor', shape: [7] }, { kind: 'categorical', classes: 7 })],
];
for (const [name, l] of draws) add({ name: `latent ${name}`, inputs: [], run: () => drawLatent(l, 16, 4242) });

add({ name: 'one_hot of int32 labels', inputs: [labels(12, 10)], run: (y) => oneHotLabels(y, 10) });
add({ name: 'one_hot of labels outside 0..K-1 (rows of zeros)', inputs: [], run: () => oneHotLabels(tf.tensor1d([0, 3, -1, 4], 'int32'), 4) });
add({ name: 'one_hot into a network input (concat with float features)', inputs: [labels(5, 3), float([5, 4])], run: (y, x) => applyConcat([x, oneHotLabels(y, 3)]), wrt: [1] });

/** A data source with an image field and a label field, as the loaders fill a table. */
const labelledSource = {
  index: 0,
  fields: [
    { name: 'x', type: { kind: 'tensor', shape: [2, 2, 1] }, role: 'example' },
    { name: 'y', type: { kind: 'class', classes: 10 }, role: 'label' },
  ],
  range: [0, 1],
} as unknown as DataSource;
const labelledTable = {
  count: 8,
  fields: new Map<string, Float32Array | Int32Array>([
    ['x', Float32Array.from({ length: 32 }, (_, i) => (i % 7) / 7)],
    ['y', Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6])],
  ]),
};
add({
  name: 'data loader labels (Int32Array table → batch → one_hot, cross_entropy)',
  inputs: [float([5, 10], -2, 2)],
  run: (logits) => {
    const batch = gatherBatch(labelledSource, labelledTable, Int32Array.from([7, 0, 5, 2, 4]));
    const y = batch.get('y')!;
    return [y, oneHotLabels(y, 10), crossEntropyLoss(y, logits, 10), batch.get('x')!];
  },
});
// The spec: loss p = mean(one_hot(y)) + 0 * mean(C(x)) is 1/K: 0.1 with 10 classes (it was 0 on wasm).
add({ name: 'mean(one_hot(y)) is 1/K', inputs: [labels(32, 10)], run: (y) => meanAll(oneHotLabels(y, 10)) });

// The other dtype faults of tfjs-backend-wasm 4.22 that our kernels fix (no spec reaches them today).
add({ name: 'tfjs oneHot with on/off values 0.9/0.05', inputs: [labels(6, 4)], run: (y) => tf.oneHot(y as tf.Tensor1D, 4, 0.9, 0.05, 'float32') });
add({ name: 'tfjs cast float32 and int32 to bool', inputs: [float([12])], order: 0, run: (x) => [tf.cast(x, 'bool'), tf.cast(tf.tensor1d([0, 2, -1, 7], 'int32'), 'bool'), tf.cast(tf.scalar(0.5), 'bool')] });
add({ name: 'tfjs clipByValue on int32', inputs: [labels(8, 20)], run: (y) => tf.clipByValue(y, 3, 12) });

// ───────────── optimizer updates (three in a row, t = 1, 2, 3) ─────────────

const optimizers: [string, Optimizer][] = [
  ['adam', { kind: 'adam', lr: 0.01, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 }],
  ['sgd', { kind: 'sgd', lr: 0.1, momentum: 0 }],
  ['sgd momentum 0.9', { kind: 'sgd', lr: 0.1, momentum: 0.9 }],
  ['rmsprop', { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7 }],
  ['rmsprop momentum 0.5', { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7 }],
];
for (const [name, optimizer] of optimizers) {
  add({
    name: `optimizer ${name}, three updates`,
    inputs: [float([4, 3]), float([4, 3]), float([4, 3]), float([4, 3])],
    order: 0,
    run: (w, g1, g2, g3) => {
      let weight = w;
      let slots = updateRule(optimizer).slots.map(() => tf.zerosLike(w));
      const outputs: Tensor[] = [];
      [g1, g2, g3].forEach((g, i) => {
        const next = updateRule(optimizer).apply(weight, g, slots, i + 1, optimizer.lr);
        weight = next.weight;
        slots = next.slots;
        outputs.push(weight, ...slots);
      });
      return outputs;
    },
  });
}

export const CASES: readonly NumericsCase[] = cases;
