// Our runtime's ops against PyTorch (float64), on every available backend, the
// way tinygrad's test_ops checks each op: one table entry per op, forward
// outputs and gradients w.r.t. inputs and weights, with stated tolerances.
// Where our op is defined differently from torch's, the entry says how and
// torch's side computes our definition (test/oracle/README.md lists them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor } from '../../src/numerics/tf.js';
import { selectBackend, type BackendRequest } from '../../src/host/backend.js';
import type { IrModule, Latent, Optimizer, Padding } from '../../src/ir/types.js';
import { drawLatent } from '../../src/numerics/latents.js';
import { applyDense } from '../../src/numerics/layers/dense.js';
import { applyConv2d, applyConv2dTranspose } from '../../src/numerics/layers/conv.js';
import { applyAvgpool, applyMaxpool, applyUpsample } from '../../src/numerics/layers/pooling.js';
import { applyInstancenorm, applyLayernorm, batchnormInference, batchnormTrain, movingAverage } from '../../src/numerics/layers/normalization.js';
import { applyCrop, applyPad, applyResize } from '../../src/numerics/layers/spatial.js';
import { applyLeakyRelu, applyRelu, applySigmoid, applySoftmax, applyTanh } from '../../src/numerics/layers/activations.js';
import { applyFlatten } from '../../src/numerics/layers/shape.js';
import { spectralNormalize } from '../../src/numerics/layers/spectralNorm.js';
import { bceLogitsLoss, bceLoss, crossEntropyLoss, l1Loss, mseLoss } from '../../src/numerics/expressions/losses.js';
import { gradientPenaltyFromGradient, inputGradient, interpolate, klNormal, r1FromGradient, reparam } from '../../src/numerics/expressions/modelTerms.js';
import { cutoutImages } from '../../src/numerics/expressions/cutout.js';
import { evaluateNodes } from '../../src/numerics/expressions/evaluate.js';
import { updateRule } from '../../src/numerics/optimizers.js';
import { startOracleOrSkip, type HostTensor, type OracleAnswer } from '../oracle/torchOracle.js';
import { contextOf } from '../runtime/helpers.js';
import { COTANGENT, GRADIENT, compareCase, runOurs, expectClose, hostOf, labels, normal, requestFor, uniform, type TorchCase } from './pytorchHarness.js';

const oracle = await startOracleOrSkip('the PyTorch differential tests');

// webgpu only where a GPU and the optional packages are there; say why not.
const webgpu = await selectBackend('webgpu');
const webgpuReason = webgpu.value ? undefined : webgpu.diagnostics.map((d) => d.message).join('; ');
if (webgpuReason) console.warn(`skipping the PyTorch differential tests on webgpu: ${webgpuReason}`);
const backends: readonly BackendRequest[] = ['cpu', 'wasm', ...(webgpu.value ? (['webgpu'] as const) : [])];
await selectBackend('cpu');

// ───────────────────────────── our side, shared by several entries ─────────────────────────────

/** A sequential critic, described once for both sides (torch_oracle.py's apply_layers). */
type Layer =
  | { op: 'dense' | 'conv2d'; kernel: string; bias: string; stride?: number; padding?: Padding }
  | { op: 'leaky_relu'; alpha: number }
  | { op: 'tanh' | 'sigmoid' | 'softmax' | 'flatten' }
  | { op: 'maxpool' | 'avgpool'; size: number; padding: 'valid' };

function applyLayers(layers: readonly Layer[], x: Tensor, w: Record<string, Tensor>): Tensor {
  for (const layer of layers) {
    switch (layer.op) {
      case 'dense':
        x = applyDense(x, w[layer.kernel]!, w[layer.bias]!);
        break;
      case 'conv2d':
        x = applyConv2d(x, w[layer.kernel]!, w[layer.bias]!, layer.stride!, layer.padding!);
        break;
      case 'leaky_relu':
        x = applyLeakyRelu(x, layer.alpha);
        break;
      case 'tanh':
        x = applyTanh(x);
        break;
      case 'sigmoid':
        x = applySigmoid(x);
        break;
      case 'softmax':
        x = applySoftmax(x);
        break;
      case 'flatten':
        x = applyFlatten(x);
        break;
      case 'maxpool':
        x = applyMaxpool(x, layer.size, layer.padding);
        break;
      case 'avgpool':
        x = applyAvgpool(x, layer.size, layer.padding);
        break;
    }
  }
  return x;
}

/** One expression op through evaluate.ts (the interpreter's own dispatch), its arguments as data nodes. */
function evaluateOp(op: string, attrs: Record<string, unknown>, args: Tensor[]): Tensor {
  const node = (id: number, nodeOp: string, inputs: number[], nodeAttrs: Record<string, unknown>) => ({ id, op: nodeOp, inputs, attrs: nodeAttrs });
  const nodes = [...args.map((_, i) => node(i, 'data', [], { source: 0, field: String(i) })), node(args.length, op, args.map((_, i) => i), attrs)];
  const ir = { nodes, networks: [], latents: [] } as unknown as IrModule;
  const batches = { data: (_source: number, field: string) => args[Number(field)]!, latent: () => tf.scalar(0) };
  return evaluateNodes(ir, [args.length], contextOf({}), batches).get(args.length)!;
}

/** `steps` updates of one weight with the given gradients; the weight after each. */
function updates(optimizer: Optimizer, weight: Tensor, gradients: Tensor): Tensor {
  let w = weight;
  let slots = updateRule(optimizer).slots.map(() => tf.zerosLike(weight));
  const history: Tensor[] = [];
  tf.unstack(gradients).forEach((g, i) => {
    ({ weight: w, slots } = updateRule(optimizer).apply(w, g, slots, i + 1, optimizer.lr));
    history.push(w);
  });
  return tf.stack(history);
}

// ───────────────────────────── the table ─────────────────────────────

const convCase = (name: string, x: number[], k: number, cout: number, stride: number, padding: Padding, seed: number): TorchCase => ({
  name,
  op: 'conv2d',
  attrs: { stride, padding },
  inputs: { x: normal(x, seed), kernel: normal([k, k, x[3]!, cout], seed + 1, 0.5), bias: normal([cout], seed + 2) },
  ours: (t) => ({ y: applyConv2d(t.x!, t.kernel!, t.bias!, stride, padding) }),
  grad: { of: 'y', wrt: ['x', 'kernel', 'bias'] },
});

/** The checker's output size: same → H·s, valid → (H − 1)·s + k. */
const convTransposeCase = (name: string, x: number[], k: number, cout: number, stride: number, padding: Padding, seed: number): TorchCase => {
  const out = x.slice(1, 3).map((d) => (padding === 'same' ? d * stride : (d - 1) * stride + k));
  return {
    name,
    op: 'conv2d_transpose',
    attrs: { stride, padding, out_size: out },
    inputs: { x: normal(x, seed), kernel: normal([k, k, cout, x[3]!], seed + 1, 0.5), bias: normal([cout], seed + 2) },
    ours: (t) => ({ y: applyConv2dTranspose(t.x!, t.kernel!, t.bias!, [x[0]!, out[0]!, out[1]!, cout], stride, padding) }),
    grad: { of: 'y', wrt: ['x', 'kernel', 'bias'] },
  };
};

/** Pool size = stride = size, unpadded (the IR's pool padding is always `valid`): a ragged edge is dropped. */
const poolCase = (op: 'maxpool' | 'avgpool', x: number[], size: number, seed: number): TorchCase => {
  const padding = 'valid';
  const apply = op === 'maxpool' ? applyMaxpool : applyAvgpool;
  return {
    name: `${op} ${size}, ${padding}, ${x[1]}×${x[2]}`,
    op,
    attrs: { size, padding },
    inputs: { x: normal(x, seed) },
    ours: (t) => ({ y: apply(t.x!, size, padding) }),
    grad: { of: 'y', wrt: ['x'] },
  };
};

const activationCase = (op: string, apply: (x: Tensor) => Tensor, attrs: Record<string, unknown> = {}, shape = [3, 5]): TorchCase => ({
  name: `${op}${Object.keys(attrs).length ? ` ${JSON.stringify(attrs)}` : ''}`,
  op,
  attrs,
  inputs: { x: normal(shape, 40 + op.length, 2) },
  ours: (t) => ({ y: apply(t.x!) }),
  grad: { of: 'y', wrt: ['x'] },
});

/** An expression function through evaluate.ts, on inputs where it is smooth. */
const expressionCase = (op: string, x: HostTensor): TorchCase => ({
  name: `${op} (expression), through evaluate.ts`,
  op,
  inputs: { x },
  ours: (t) => ({ y: evaluateOp(op, {}, [t.x!]) }),
  grad: { of: 'y', wrt: ['x'] },
});

const lossCase = (
  op: 'mse' | 'l1' | 'bce' | 'bce_logits',
  reduce: 'mean' | 'sum',
  target: HostTensor,
  pred: HostTensor,
  note = '',
): TorchCase => {
  const fn = { mse: mseLoss, l1: l1Loss, bce: bceLoss, bce_logits: bceLogitsLoss }[op];
  const predName = op === 'bce_logits' ? 'logits' : 'pred';
  return {
    name: `${op} (reduce: ${reduce})${note}`,
    op,
    attrs: { reduce },
    inputs: { target, [predName]: pred },
    ours: (t) => ({ y: fn(t.target!, t[predName]!, reduce) }),
    grad: { of: 'y', wrt: target.shape.length > 0 ? ['target', predName] : [predName] },
  };
};

const spectralCase = (name: string, kernelShape: number[], iterations: number, seed: number): TorchCase => {
  const out = kernelShape[kernelShape.length - 1]!;
  return {
    name,
    op: 'spectral_norm',
    attrs: { iterations, epsilon: 1e-12 },
    inputs: { kernel: normal(kernelShape, seed, 0.5), u: normal([1, out], seed + 1) },
    ours: (t) => {
      const r = spectralNormalize(t.kernel!, t.u!, iterations, 1e-12);
      return { kernel: r.kernel, u: r.u };
    },
    grad: { of: 'kernel', wrt: ['kernel'] },
  };
};

const denseCritic: Layer[] = [
  { op: 'dense', kernel: 'w1', bias: 'b1' },
  { op: 'leaky_relu', alpha: 0.2 },
  { op: 'dense', kernel: 'w2', bias: 'b2' },
];
const activationCritic = (op: 'tanh' | 'sigmoid' | 'softmax'): Layer[] => [
  { op: 'dense', kernel: 'w1', bias: 'b1' },
  { op },
  { op: 'dense', kernel: 'w2', bias: 'b2' },
];
const convCritic = (pool?: 'maxpool' | 'avgpool'): Layer[] => [
  { op: 'conv2d', kernel: 'w1', bias: 'b1', stride: pool ? 1 : 2, padding: 'same' },
  { op: 'leaky_relu', alpha: 0.2 },
  ...(pool ? [{ op: pool, size: 2, padding: 'valid' as const }] : []),
  { op: 'flatten' },
  { op: 'dense', kernel: 'w2', bias: 'b2' },
];

/** Weights of a critic on [4, 4, 1] images (conv) or [3] vectors (dense), seeded. */
function criticWeights(layers: readonly Layer[], seed: number): Record<string, HostTensor> {
  if (layers[0]!.op === 'conv2d') {
    return { w1: normal([3, 3, 1, 2], seed, 0.5), b1: normal([2], seed + 1, 0.1), w2: normal([8, 1], seed + 2, 0.5), b2: normal([1], seed + 3) };
  }
  return { w1: normal([3, 5], seed, 0.7), b1: normal([5], seed + 1, 0.3), w2: normal([5, 1], seed + 2, 0.7), b2: normal([1], seed + 3) };
}

/** Seeds of our random draws, read back as fixed noise for torch (tfjs's randomness is backend-independent JavaScript). */
const REPARAM_SEED = 77;
const INTERPOLATE_SEED = 78;
const CUTOUT_SEED = 79;
function fixedNoise(draw: () => Tensor): HostTensor {
  const t = draw();
  const host = hostOf(t);
  t.dispose();
  return host;
}

/**
 * The second-order entries: the penalty's gradient w.r.t. the critic's weights
 * (torch: autograd.grad with create_graph=True, then backward). The last bias
 * never reaches an input gradient, so it is not asked for.
 */
const penaltyCase = (kind: 'gradient_penalty' | 'r1_penalty', layers: Layer[], label: string, seed: number): TorchCase => {
  const image = layers[0]!.op === 'conv2d';
  const shape = image ? [3, 4, 4, 1] : [4, 3];
  const weights = criticWeights(layers, seed);
  const real = normal(shape, seed + 10);
  const fake = normal(shape, seed + 11);
  const epsShape = [shape[0]!, ...shape.slice(1).map(() => 1)];
  const eps = fixedNoise(() => tf.randomUniform(epsShape, 0, 1, 'float32', INTERPOLATE_SEED));
  const critic = (t: Record<string, Tensor>) => (x: Tensor) => applyLayers(layers, x, t);
  return {
    name: `${kind}, ${label}`,
    op: kind,
    attrs: { layers, weights: Object.keys(weights) },
    inputs: kind === 'gradient_penalty' ? { real, fake, eps, ...weights } : { real, ...weights },
    ours: (t) => {
      if (kind === 'r1_penalty') return { y: r1FromGradient(inputGradient(critic(t), t.real!)) };
      return { y: gradientPenaltyFromGradient(inputGradient(critic(t), interpolate(t.real!, t.fake!, INTERPOLATE_SEED))) };
    },
    grad: { of: 'y', wrt: ['w1', 'b1', 'w2', ...(kind === 'gradient_penalty' ? ['real', 'fake'] : ['real'])] },
    // Two nested gradients of float32 ops, and a sum of squares.
    gradTolerance: { atol: 5e-5, rtol: 5e-4 },
  };
};

const optimizerCase = (name: string, optimizer: Optimizer, torchOp: 'optimizer' | 'adam_tf', gradientScale = 1): TorchCase => ({
  name,
  op: torchOp,
  attrs: { ...optimizer },
  inputs: { weight: normal([6], 90), gradients: normal([4, 6], 91, gradientScale) },
  ours: (t) => ({ weights: updates(optimizer, t.weight!, t.gradients!) }),
});

const bn = { epsilon: 1e-3, momentum: 0.99 };
const batchnormTrainCase = (shape: number[], seed: number): TorchCase => {
  const c = shape[shape.length - 1]!;
  return {
    name: `batchnorm, training, ${JSON.stringify(shape)}`,
    op: 'batchnorm_train',
    attrs: bn,
    inputs: {
      x: normal(shape, seed, 2, 0.5),
      gamma: normal([c], seed + 1, 0.5, 1),
      beta: normal([c], seed + 2, 0.5),
      moving_mean: normal([c], seed + 3),
      moving_variance: uniform([c], seed + 4, 0.5, 2),
    },
    ours: (t) => {
      const r = batchnormTrain(t.x!, t.gamma!, t.beta!, bn.epsilon);
      return {
        y: r.y,
        moving_mean: movingAverage(t.moving_mean!, r.mean, bn.momentum),
        moving_variance: movingAverage(t.moving_variance!, r.variance, bn.momentum),
      };
    },
    grad: { of: 'y', wrt: ['x', 'gamma', 'beta'] },
  };
};

/** A categorical(6) latent typed class[6] or [6]. */
const categorical = (kind: 'class' | 'tensor') =>
  ({
    name: 'c',
    type: kind === 'class' ? { kind: 'class', classes: 6 } : { kind: 'tensor', shape: [6] },
    distribution: { kind: 'categorical', classes: 6 },
    slot: 0,
  }) as unknown as Latent;

const cases: TorchCase[] = [
  {
    name: 'dense, rank 2',
    op: 'dense',
    inputs: { x: normal([3, 4], 1), kernel: normal([4, 5], 2), bias: normal([5], 3) },
    ours: (t) => ({ y: applyDense(t.x!, t.kernel!, t.bias!) }),
    grad: { of: 'y', wrt: ['x', 'kernel', 'bias'] },
  },
  {
    name: 'dense, rank 3 (the last axis)',
    op: 'dense',
    inputs: { x: normal([2, 3, 4], 4), kernel: normal([4, 2], 5), bias: normal([2], 6) },
    ours: (t) => ({ y: applyDense(t.x!, t.kernel!, t.bias!) }),
    grad: { of: 'y', wrt: ['x', 'kernel', 'bias'] },
  },
  convCase('conv2d 3×3, stride 1, same', [2, 5, 5, 3], 3, 4, 1, 'same', 10),
  convCase('conv2d 3×3, stride 2, same, 6×5 input (pads 0 before, 1 after on H)', [2, 6, 5, 2], 3, 3, 2, 'same', 13),
  convCase('conv2d 4×4, stride 2, same, 5×5 input (pads 1 before, 2 after)', [2, 5, 5, 2], 4, 3, 2, 'same', 16),
  convCase('conv2d 3×3, stride 1, valid', [2, 5, 5, 2], 3, 3, 1, 'valid', 19),
  convCase('conv2d 3×3, stride 2, valid, 7×6 input', [2, 7, 6, 2], 3, 2, 2, 'valid', 22),
  convTransposeCase('conv2d_transpose 4×4, stride 2, same (DCGAN)', [2, 3, 3, 4], 4, 2, 2, 'same', 25),
  convTransposeCase('conv2d_transpose 3×3, stride 2, same (asymmetric crop)', [2, 3, 2, 3], 3, 2, 2, 'same', 28),
  convTransposeCase('conv2d_transpose 3×3, stride 1, same', [2, 4, 4, 2], 3, 3, 1, 'same', 31),
  convTransposeCase('conv2d_transpose 3×3, stride 1, valid', [2, 3, 3, 2], 3, 2, 1, 'valid', 34),
  convTransposeCase('conv2d_transpose 3×3, stride 2, valid', [2, 3, 3, 2], 3, 2, 2, 'valid', 37),
  poolCase('maxpool', [2, 4, 4, 3], 2, 50),
  poolCase('maxpool', [2, 5, 5, 2], 2, 51),
  {
    ...poolCase('maxpool', [1, 4, 4, 2], 2, 55),
    name: 'maxpool 2, valid, every value negative',
    inputs: { x: { shape: [1, 4, 4, 2], data: (normal([1, 4, 4, 2], 55).data as Float32Array).map((v) => -Math.abs(v) - 0.1) } },
  },
  poolCase('avgpool', [2, 4, 6, 3], 2, 52),
  poolCase('avgpool', [2, 5, 5, 2], 2, 53),
  poolCase('avgpool', [2, 5, 5, 1], 3, 54),
  {
    name: 'upsample ×2 (nearest)',
    op: 'upsample',
    attrs: { factor: 2 },
    inputs: { x: normal([2, 3, 2, 2], 60) },
    ours: (t) => ({ y: applyUpsample(t.x!, 2) }),
    grad: { of: 'y', wrt: ['x'] },
  },
  // Reflection against torch's ReflectionPad2d, whose gradient adds the mirrored border back (tf.mirrorPad's drops it).
  ...([
    [[1, 1, 1, 1], 'zero', 61],
    [[2, 0, 1, 3], 'zero', 62],
    [[1, 1, 1, 1], 'reflect', 63],
    [[2, 1, 0, 3], 'reflect', 64],
  ] as const).map(([sides, mode, seed]) => ({
    name: `pad [${sides.join(', ')}] ${mode}`,
    op: 'pad',
    attrs: { sides, mode },
    inputs: { x: normal([2, 3, 4, 2], seed) },
    ours: (t: Record<string, Tensor>) => ({ y: applyPad(t.x!, sides, mode) }),
    grad: { of: 'y', wrt: ['x'] },
  })),
  {
    name: 'crop [1, 0, 2, 1]',
    op: 'crop',
    attrs: { sides: [1, 0, 2, 1] },
    inputs: { x: normal([2, 4, 5, 2], 65) },
    ours: (t) => ({ y: applyCrop(t.x!, [1, 0, 2, 1]) }),
    grad: { of: 'y', wrt: ['x'] },
  },
  // F.interpolate's defaults: nearest floor(i·in/out); bilinear align_corners=False (half-pixel centres, clamped at 0).
  ...(['nearest', 'bilinear'] as const).flatMap((method, m) =>
    ([
      [[3, 4], [5, 7]],
      [[6, 5], [4, 2]],
      [[7, 7], [28, 28]],
      [[28, 28], [10, 13]],
    ] as const).map(([[h, w], [height, width]], i) => ({
      name: `resize ${method} ${h}×${w} to ${height}×${width}`,
      op: 'resize',
      attrs: { height, width, method },
      inputs: { x: normal([2, h, w, 2], 66 + 4 * m + i) },
      ours: (t: Record<string, Tensor>) => ({ y: applyResize(t.x!, height, width, method) }),
      grad: { of: 'y', wrt: ['x'] },
    })),
  ),
  {
    name: 'instancenorm, affine',
    op: 'instancenorm',
    attrs: { epsilon: 1e-5 },
    inputs: { x: normal([3, 4, 3, 2], 76, 2, 1), gamma: normal([2], 77, 0.5, 1), beta: normal([2], 78) },
    ours: (t) => ({ y: applyInstancenorm(t.x!, t.gamma!, t.beta!, 1e-5) }),
    grad: { of: 'y', wrt: ['x', 'gamma', 'beta'] },
  },
  {
    name: 'instancenorm, not affine',
    op: 'instancenorm',
    attrs: { epsilon: 1e-5 },
    inputs: { x: normal([2, 3, 5, 3], 79, 3) },
    ours: (t) => ({ y: applyInstancenorm(t.x!, undefined, undefined, 1e-5) }),
    grad: { of: 'y', wrt: ['x'] },
  },
  batchnormTrainCase([4, 3, 3, 2], 70),
  batchnormTrainCase([6, 3], 75),
  {
    name: 'batchnorm, inference (moving statistics)',
    op: 'batchnorm_inference',
    attrs: { epsilon: bn.epsilon },
    inputs: {
      x: normal([3, 2, 2, 3], 80, 2),
      gamma: normal([3], 81, 0.5, 1),
      beta: normal([3], 82),
      moving_mean: normal([3], 83),
      moving_variance: uniform([3], 84, 0.5, 2),
    },
    ours: (t) => ({ y: batchnormInference(t.x!, t.gamma!, t.beta!, t.moving_mean!, t.moving_variance!, bn.epsilon) }),
    // The moving statistics are state, never differentiated (torch refuses to).
    grad: { of: 'y', wrt: ['x', 'gamma', 'beta'] },
  },
  {
    name: 'layernorm, [3, 5]',
    op: 'layernorm',
    attrs: { epsilon: 1e-3 },
    inputs: { x: normal([3, 5], 85, 2, 1), gamma: normal([5], 86, 0.5, 1), beta: normal([5], 87) },
    ours: (t) => ({ y: applyLayernorm(t.x!, t.gamma!, t.beta!, 1e-3) }),
    grad: { of: 'y', wrt: ['x', 'gamma', 'beta'] },
  },
  {
    name: 'layernorm, [2, 3, 4] (the last axis)',
    op: 'layernorm',
    attrs: { epsilon: 1e-3 },
    inputs: { x: normal([2, 3, 4], 88, 2), gamma: normal([4], 89, 0.5, 1), beta: normal([4], 90) },
    ours: (t) => ({ y: applyLayernorm(t.x!, t.gamma!, t.beta!, 1e-3) }),
    grad: { of: 'y', wrt: ['x', 'gamma', 'beta'] },
  },
  activationCase('relu', applyRelu),
  activationCase('leaky_relu', (x) => applyLeakyRelu(x, 0.2), { alpha: 0.2 }),
  activationCase('leaky_relu', (x) => applyLeakyRelu(x, 0.01), { alpha: 0.01 }),
  activationCase('sigmoid', applySigmoid),
  activationCase('tanh', applyTanh),
  activationCase('softmax', applySoftmax),
  activationCase('softplus', (x) => evaluateOp('softplus', {}, [x])),
  activationCase('clip', (x) => evaluateOp('clip', { low: -0.5, high: 1.5 }, [x]), { low: -0.5, high: 1.5 }),
  spectralCase('spectral_norm, dense kernel, 1 power iteration (training)', [4, 3], 1, 100),
  spectralCase('spectral_norm, dense kernel, 3 power iterations', [5, 3], 3, 102),
  spectralCase('spectral_norm, conv kernel (HWIO seen as [k·k·cin, cout])', [3, 3, 2, 4], 1, 104),
  spectralCase('spectral_norm, inference (no iteration; v from the stored u)', [4, 3], 0, 106),
  lossCase('mse', 'mean', normal([3, 4], 110), normal([3, 4], 111)),
  lossCase('mse', 'sum', normal([3, 2, 2], 112), normal([3, 2, 2], 113)),
  lossCase('mse', 'mean', { shape: [], data: Float32Array.of(1) }, normal([3, 2], 114), ', scalar target'),
  lossCase('l1', 'mean', normal([3, 4], 115), normal([3, 4], 116)),
  lossCase('l1', 'sum', normal([3, 4], 117), normal([3, 4], 118)),
  lossCase('bce', 'mean', uniform([3, 4], 120), uniform([3, 4], 121, 0.05, 0.95)),
  lossCase('bce', 'sum', uniform([3, 4], 122), uniform([3, 4], 123, 0.05, 0.95)),
  lossCase('bce', 'mean', uniform([2, 3], 124), { shape: [2, 3], data: Float32Array.of(0, 1, 0.5, 1e-9, 1, 0.25) }, ', p at 0 and 1 (clipped)'),
  lossCase('bce_logits', 'mean', uniform([3, 4], 125), normal([3, 4], 126, 3)),
  lossCase('bce_logits', 'sum', uniform([3, 4], 127), normal([3, 4], 128, 3)),
  lossCase('bce_logits', 'mean', { shape: [], data: Float32Array.of(1) }, normal([4, 1], 129, 3), ', scalar target 1'),
  {
    name: 'cross_entropy from int labels (int32 → one-hot float32)',
    op: 'cross_entropy',
    inputs: { labels: labels(5, 4, 130), logits: normal([5, 4], 131, 2) },
    ours: (t) => ({ y: crossEntropyLoss(t.labels!, t.logits!, 4) }),
    grad: { of: 'y', wrt: ['logits'] },
  },
  {
    name: 'cross_entropy from int labels, through evaluate.ts',
    op: 'cross_entropy',
    inputs: { labels: labels(4, 3, 132), logits: normal([4, 3], 133, 2) },
    ours: (t) => ({ y: evaluateOp('cross_entropy', { classes: 3 }, [t.labels!, t.logits!]) }),
    grad: { of: 'y', wrt: ['logits'] },
  },
  {
    name: 'cross_entropy from one-hot vectors',
    op: 'cross_entropy',
    inputs: { labels: { shape: [3, 4], data: Float32Array.of(0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1) }, logits: normal([3, 4], 134, 2) },
    ours: (t) => ({ y: crossEntropyLoss(t.labels!, t.logits!, 4) }),
    grad: { of: 'y', wrt: ['logits'] },
  },
  {
    name: 'cross_entropy from a soft distribution',
    op: 'cross_entropy',
    inputs: { labels: { shape: [2, 3], data: Float32Array.of(0.2, 0.3, 0.5, 0.6, 0.4, 0) }, logits: normal([2, 3], 135, 2) },
    ours: (t) => ({ y: crossEntropyLoss(t.labels!, t.logits!, 3) }),
    grad: { of: 'y', wrt: ['labels', 'logits'] },
  },
  {
    name: 'one_hot (int32 labels → float32), through evaluate.ts',
    op: 'one_hot',
    attrs: { classes: 5 },
    inputs: { labels: labels(6, 5, 136) },
    ours: (t) => ({ y: evaluateOp('one_hot', { classes: 5 }, [t.labels!]) }),
  },
  expressionCase('exp', normal([3, 4], 180)),
  expressionCase('log', uniform([3, 4], 181, 0.2, 3)),
  expressionCase('sqrt', uniform([3, 4], 182, 0.2, 3)),
  expressionCase('abs', normal([3, 4], 183)),
  expressionCase('square', normal([3, 4], 184)),
  expressionCase('neg', normal([3, 4], 185)),
  expressionCase('mean', normal([3, 2, 2], 186)),
  {
    name: 'pow (expression), positive base, through evaluate.ts',
    op: 'pow',
    inputs: { a: uniform([3, 4], 187, 0.2, 2), b: { shape: [], data: Float32Array.of(2.5) } },
    ours: (t) => ({ y: evaluateOp('pow', {}, [t.a!, t.b!]) }),
    grad: { of: 'y', wrt: ['a', 'b'] },
  },
  {
    // The labels are drawn as a class[K] latent (int32) on cpu, then the same
    // draw as a [K] latent must be their one-hot vectors in float32.
    name: 'categorical latent as a [K] vector = one_hot of its class[K] draw',
    op: 'one_hot',
    attrs: { classes: 6 },
    inputs: { labels: fixedNoise(() => drawLatent(categorical('class'), 8, 191)) },
    ours: () => ({ y: drawLatent(categorical('tensor'), 8, 191) }),
  },
  {
    name: 'sum (per-example sum, then the batch mean), through evaluate.ts',
    op: 'snippet',
    attrs: { code: 'x = inputs["x"]\noutputs = {"y": x.reshape(x.shape[0], -1).sum(1).mean()}' },
    inputs: { x: normal([3, 2, 2], 137) },
    ours: (t) => ({ y: evaluateOp('sum', {}, [t.x!]) }),
    grad: { of: 'y', wrt: ['x'] },
  },
  {
    name: 'kl_normal (torch.distributions.kl_divergence)',
    op: 'kl_normal',
    inputs: { mu: normal([3, 4], 140), logvar: normal([3, 4], 141, 0.5) },
    ours: (t) => ({ y: klNormal(t.mu!, t.logvar!) }),
    grad: { of: 'y', wrt: ['mu', 'logvar'] },
  },
  {
    name: 'reparam with fixed noise',
    op: 'reparam',
    inputs: { mu: normal([3, 4], 142), logvar: normal([3, 4], 143, 0.5), eps: fixedNoise(() => tf.randomNormal([3, 4], 0, 1, 'float32', REPARAM_SEED)) },
    ours: (t) => ({ y: reparam(t.mu!, t.logvar!, REPARAM_SEED) }),
    grad: { of: 'y', wrt: ['mu', 'logvar'] },
  },
  {
    name: 'cutout 3×3 with fixed corners (slicing)',
    op: 'cutout',
    attrs: { size: 3, fill: 0 },
    inputs: { x: normal([4, 6, 5, 2], 144), u: fixedNoise(() => tf.randomUniform([4, 2], 0, 1, 'float32', CUTOUT_SEED)) },
    ours: (t) => ({ y: cutoutImages(t.x!, 3, 0, CUTOUT_SEED) }),
    grad: { of: 'y', wrt: ['x'] },
  },
  {
    name: 'cutout 4×4, fill −1 (slicing)',
    op: 'cutout',
    attrs: { size: 4, fill: -1 },
    inputs: { x: normal([5, 7, 4, 1], 145), u: fixedNoise(() => tf.randomUniform([5, 2], 0, 1, 'float32', CUTOUT_SEED + 1)) },
    ours: (t) => ({ y: cutoutImages(t.x!, 4, -1, CUTOUT_SEED + 1) }),
    grad: { of: 'y', wrt: ['x'] },
  },
  penaltyCase('gradient_penalty', denseCritic, 'dense → leaky_relu → dense critic', 150),
  penaltyCase('gradient_penalty', activationCritic('tanh'), 'dense → tanh → dense critic', 154),
  penaltyCase('gradient_penalty', activationCritic('sigmoid'), 'dense → sigmoid → dense critic', 156),
  penaltyCase('r1_penalty', activationCritic('softmax'), 'dense → softmax → dense critic', 157),
  penaltyCase('gradient_penalty', convCritic(), 'conv2d (stride 2) → leaky_relu → dense critic', 158),
  penaltyCase('r1_penalty', denseCritic, 'dense → leaky_relu → dense critic', 162),
  penaltyCase('r1_penalty', convCritic(), 'conv2d (stride 2) → leaky_relu → dense critic', 166),
  penaltyCase('gradient_penalty', convCritic('maxpool'), 'conv2d → maxpool → dense critic', 170),
  penaltyCase('r1_penalty', convCritic('avgpool'), 'conv2d → avgpool → dense critic', 174),
  optimizerCase('sgd, no momentum (torch.optim.SGD)', { kind: 'sgd', lr: 0.1, momentum: 0 }, 'optimizer'),
  optimizerCase('sgd, momentum 0.9 (torch.optim.SGD)', { kind: 'sgd', lr: 0.1, momentum: 0.9 }, 'optimizer'),
  optimizerCase('rmsprop (torch.optim.RMSprop, alpha = rho)', { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7 }, 'optimizer'),
  optimizerCase('rmsprop, momentum 0.5', { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-3 }, 'optimizer'),
  optimizerCase('adam, epsilon 0 (torch.optim.Adam: the forms coincide)', { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 0 }, 'optimizer'),
  optimizerCase('adam, epsilon 1e-3, small gradients (TF form)', { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-3 }, 'adam_tf', 1e-3),
];

// ───────────────────────────── running it ─────────────────────────────

describe.skipIf(!oracle)('PyTorch reference (float64)', () => {
  const answers = new Map<string, Promise<OracleAnswer>>();
  const cotangents = new Map<string, HostTensor | undefined>();
  let torchOptimAdam: OracleAnswer;
  let batchnormDefinition: OracleAnswer;

  beforeAll(async () => {
    await selectBackend('cpu');
    const requests = cases.map((c, i) => requestFor(c, 1000 + i));
    requests.forEach((r, i) => cotangents.set(cases[i]!.name, r.inputs?.[COTANGENT]));
    const adamSmall = cases.find((c) => c.op === 'adam_tf')!;
    const extra = [
      { op: 'optimizer', attrs: adamSmall.attrs, inputs: adamSmall.inputs },
      { op: 'batchnorm_train', attrs: bn, inputs: cases.find((c) => c.op === 'batchnorm_train')!.inputs },
    ];
    const all = oracle!.submit([...requests, ...extra]);
    // Each entry awaits its own answer, so one failing op fails one test.
    all.forEach((answer) => answer.catch(() => undefined));
    cases.forEach((c, i) => answers.set(c.name, all[i]!));
    [torchOptimAdam, batchnormDefinition] = await Promise.all(all.slice(cases.length));
  });
  afterAll(() => oracle?.close());

  it('has one name per entry', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  for (const backend of backends) {
    describe(backend, () => {
      beforeAll(async () => {
        const selected = await selectBackend(backend);
        expect(selected.value?.name).toBe(backend);
      });
      for (const c of cases) {
        it(c.name, async () => compareCase(c, await answers.get(c.name)!, cotangents.get(c.name)));
      }
    });
  }

  describe('definitional differences, written down', () => {
    beforeAll(() => selectBackend('cpu'));

    it("adam: ours adds epsilon to sqrt(v) before the bias correction (TF), torch after; they differ when epsilon matters", () => {
      const c = cases.find((k) => k.op === 'adam_tf')!;
      const ours = runOurs(c, undefined).outputs['weights']!.data;
      expect(() => expectClose('adam vs torch.optim.Adam', ours, torchOptimAdam.outputs['weights']!, GRADIENT)).toThrow(/tolerance/);
    });

    it("batchnorm: the moving variance is Keras's biased one; torch's running_var is unbiased (× n/(n − 1))", () => {
      const c = cases.find((k) => k.op === 'batchnorm_train')!;
      const n = (c.inputs.x!.shape as number[]).slice(0, -1).reduce((a, b) => a * b, 1);
      const old = c.inputs.moving_variance!.data as Float32Array;
      const ours = batchnormDefinition.outputs['moving_variance']!.data;
      const theirs = batchnormDefinition.outputs['torch_running_variance']!.data;
      old.forEach((o, i) => {
        const ratio = (theirs[i]! - bn.momentum * o) / (ours[i]! - bn.momentum * o);
        expect(ratio).toBeCloseTo(n / (n - 1), 9);
      });
    });
  });
});
