// The layer op table: every layer kind a network body may use, described
// once. Each entry holds the backend-independent facts: the arguments the
// language accepts, the shape rule, the weights and state it creates (in
// creation order, which is also the order of their random draws), whether it
// draws a random slot, its IR attributes, and how it reads in a comment.
//
// The checker (src/check/layers.ts) reads it to elaborate a body; each back
// end keeps its own rendering table keyed by the same kinds
// (src/numerics/layerOps.ts, src/codegen/typescriptOps.ts), and the mapped
// type below makes TypeScript refuse a table that misses a kind. Adding a
// layer: docs/ir.md, "Adding a layer".

import type { BodyLayerOp, Init, LayerNode, LayerNodeOf, Padding, PadMode, ResizeMethod, Shape, Sides, SpectralNorm } from '../types.js';
import { convOutputSize, deconvOutputSize, elementCount, sameShape } from './shapeArithmetic.js';

export type { BodyLayerOp, LayerNodeOf };

/** One argument as the language accepts it; `optional` ones may be omitted and take `default`. */
export type LayerParam =
  | { readonly name: string; readonly kind: 'count'; readonly optional?: true; readonly default?: number }
  | { readonly name: string; readonly kind: 'number'; readonly optional?: true; readonly default: number; readonly range: readonly [number, number] }
  | { readonly name: string; readonly kind: 'padding'; readonly optional: true; readonly default: Padding }
  /** One bare name of `choices` (`mode: reflect`, `affine: false`). */
  | { readonly name: string; readonly kind: 'choice'; readonly optional: true; readonly default: string; readonly choices: readonly string[] }
  /** `n` (every side) or `[top, bottom, left, right]`, whole numbers from 0: resolved to `Sides`. */
  | { readonly name: string; readonly kind: 'sides' }
  /** `[height, width]`, positive whole numbers. */
  | { readonly name: string; readonly kind: 'imageSize' }
  | { readonly name: string; readonly kind: 'shape' };

/** Arguments resolved to values by the checker: counts and numbers, a padding or choice, a shape or sides. */
export type LayerArgs = Readonly<Record<string, number | string | Shape>>;

/** Why a layer has no output shape for its inputs; the checker turns it into a diagnostic. */
export type ShapeProblem =
  /** The input has the wrong number of axes (`expected` says what it should be). */
  | { readonly problem: 'rank'; readonly expected: string; readonly hint?: string }
  /** The output would have no elements. */
  | { readonly problem: 'tooSmall'; readonly detail: string; readonly hint?: string }
  /** A joining layer got fewer than two values. */
  | { readonly problem: 'arity'; readonly expected: string }
  /** The values a joining layer takes do not fit together. */
  | { readonly problem: 'joinShapes'; readonly expected: string }
  /** `reshape` to a different element count. */
  | { readonly problem: 'count'; readonly target: Shape }
  /** `pad(…, mode: reflect)` wider than the input allows (each side below the axis's size, as torch's ReflectionPad2d). */
  | { readonly problem: 'reflectPad'; readonly side: string; readonly pad: number; readonly axis: 'height' | 'width'; readonly size: number }
  /** `crop` removing every row or column of an axis. */
  | { readonly problem: 'crop'; readonly removed: number; readonly axis: 'height' | 'width'; readonly size: number };

export type ShapeRule = { readonly shape: Shape } | ShapeProblem;

/** A tensor a layer creates: trainable (`weight`) or not (`state`). */
export type LayerTensor =
  | { readonly kind: 'weight'; readonly role: 'kernel' | 'bias' | 'gamma' | 'beta'; readonly shape: Shape; readonly init: Init; readonly fanIn: number; readonly fanOut: number }
  | { readonly kind: 'state'; readonly role: 'moving_mean' | 'moving_variance' | 'power_u'; readonly shape: Shape; readonly init: Init };

/** What the checker hands `attrs`: the id of each tensor by role, and the layer's random slot. */
export interface LayerIds {
  tensor(role: LayerTensor['role']): string;
  readonly slot: number;
}

export interface LayerOpEntry<Op extends BodyLayerOp> {
  readonly params: readonly LayerParam[];
  /** Joining layers (`concat`, `add`) take several values as arguments; the rest take the piped one. */
  readonly takesValues?: true;
  /**
   * For the range warnings: `sets` when the layer's output range is its own
   * (an activation), `keeps` when it is its input's, `none` when unknown.
   */
  readonly range: 'sets' | 'keeps' | 'none';
  /** Draws from a random slot (see docs/ir.md) in training. */
  readonly stochastic?: true;
  shape(inputs: readonly Shape[], args: LayerArgs): ShapeRule;
  /** The tensors the layer creates for `input`, in creation order. */
  tensors?(input: Shape, args: LayerArgs, init: Init): readonly LayerTensor[];
  attrs(args: LayerArgs, ids: LayerIds): LayerNodeOf<Op>['attrs'];
  /** The layer as the spec wrote it, for comments in generated code. */
  describe(node: LayerNodeOf<Op>): string;
}

export type LayerOpTable = { readonly [Op in BodyLayerOp]: LayerOpEntry<Op> };

const ZEROS: Init = { kind: 'zeros' };
const ONES: Init = { kind: 'ones' };
const IMAGE = 'an image [height, width, channels]';

const count = (args: LayerArgs, name: string): number => args[name] as number;
const shapeText = (shape: Shape): string => `[${shape.join(', ')}]`;

function convolution(transpose: boolean) {
  return {
    params: [
      { name: 'filters', kind: 'count' },
      { name: 'kernel', kind: 'count', optional: true, default: 3 },
      { name: 'stride', kind: 'count', optional: true, default: 1 },
      { name: 'padding', kind: 'padding', optional: true, default: 'same' },
    ],
    range: 'none',
    shape(inputs: readonly Shape[], args: LayerArgs): ShapeRule {
      const input = inputs[0]!;
      if (input.length !== 3) return { problem: 'rank', expected: IMAGE, hint: 'add `reshape([h, w, c])` before it' };
      const [kernel, stride, padding] = [count(args, 'kernel'), count(args, 'stride'), args.padding as Padding];
      const size = transpose ? deconvOutputSize : convOutputSize;
      const height = size(input[0]!, kernel, stride, padding);
      const width = size(input[1]!, kernel, stride, padding);
      if (height <= 0 || width <= 0) {
        return { problem: 'tooSmall', detail: `a ${kernel}×${kernel} kernel with padding \`${padding}\``, hint: 'use `padding: same` or a smaller kernel' };
      }
      return { shape: [height, width, count(args, 'filters')] };
    },
    tensors(input: Shape, args: LayerArgs, init: Init): readonly LayerTensor[] {
      const [kernel, filters, channels] = [count(args, 'kernel'), count(args, 'filters'), input[2]!];
      const area = kernel * kernel;
      // tfjs stores a transposed convolution's kernel as [k, k, out, in].
      const shape = transpose ? [kernel, kernel, filters, channels] : [kernel, kernel, channels, filters];
      return [
        { kind: 'weight', role: 'kernel', shape, init, fanIn: area * channels, fanOut: area * filters },
        { kind: 'weight', role: 'bias', shape: [filters], init: ZEROS, fanIn: area * channels, fanOut: area * filters },
      ];
    },
    attrs(args: LayerArgs, ids: LayerIds) {
      const [filters, kernelSize, stride, padding] = [count(args, 'filters'), count(args, 'kernel'), count(args, 'stride'), args.padding as Padding];
      return { filters, kernelSize, stride, padding, kernel: ids.tensor('kernel'), bias: ids.tensor('bias') };
    },
  } as const;
}

function describeConvolution(node: LayerNodeOf<'conv2d' | 'conv2d_transpose'>, spectral: SpectralNorm | undefined): string {
  const a = node.attrs;
  const inner = `${node.op}(${a.filters}, kernel: ${a.kernelSize}, stride: ${a.stride}, padding: ${a.padding})`;
  return spectral ? `spectral_norm(${inner})` : inner;
}

/** Layers that keep their input's shape and have no arguments. */
function activation<Op extends 'relu' | 'sigmoid' | 'tanh' | 'softmax'>(op: Op): LayerOpEntry<Op> {
  return { params: [], range: 'sets', shape: (inputs) => ({ shape: inputs[0]! }), attrs: () => ({}), describe: () => op };
}

function pool<Op extends 'maxpool' | 'avgpool'>(op: Op): LayerOpEntry<Op> {
  return {
    params: [{ name: 'size', kind: 'count', optional: true, default: 2 }],
    range: 'keeps',
    shape(inputs, args) {
      const input = inputs[0]!;
      const size = count(args, 'size');
      if (input.length !== 3) return { problem: 'rank', expected: IMAGE };
      if (input[0]! < size || input[1]! < size) return { problem: 'tooSmall', detail: `a ${size}×${size} window` };
      return { shape: [Math.floor(input[0]! / size), Math.floor(input[1]! / size), input[2]!] };
    },
    attrs: (args) => ({ size: count(args, 'size'), padding: 'valid' }),
    describe: (node) => `${op}(${node.attrs.size})`,
  };
}

/** Normalisation over the last axis with a learned scale and shift. */
function lastAxisGain(input: Shape): readonly LayerTensor[] {
  const c = input[input.length - 1]!;
  return [
    { kind: 'weight', role: 'gamma', shape: [c], init: ONES, fanIn: c, fanOut: c },
    { kind: 'weight', role: 'beta', shape: [c], init: ZEROS, fanIn: c, fanOut: c },
  ];
}

const atLeastOneAxis = (inputs: readonly Shape[]): ShapeRule =>
  inputs[0]!.length === 0 ? { problem: 'rank', expected: 'at least one axis' } : { shape: inputs[0]! };

const SIDE_NAMES = ['top', 'bottom', 'left', 'right'] as const;
const sidesOf = (args: LayerArgs): Sides => args.size as unknown as Sides;
const sidesText = (sides: Sides): string => (sides.every((s) => s === sides[0]) ? String(sides[0]) : shapeText(sides));

/** `pad` and `crop` act on images only. */
const imageRank = (input: Shape): ShapeProblem | undefined => (input.length === 3 ? undefined : { problem: 'rank', expected: IMAGE, hint: 'add `reshape([h, w, c])` before it' });

/** Reflection repeats no edge pixel, so each side must be smaller than its axis (torch raises otherwise; tf.mirrorPad too). */
function reflectProblem(input: Shape, sides: Sides): ShapeProblem | undefined {
  for (let i = 0; i < 4; i++) {
    const axis = i < 2 ? 'height' : 'width';
    const size = input[i < 2 ? 0 : 1]!;
    if (sides[i]! >= size) return { problem: 'reflectPad', side: SIDE_NAMES[i]!, pad: sides[i]!, axis, size };
  }
  return undefined;
}

const conv2d = convolution(false);
const conv2dTranspose = convolution(true);

export const LAYER_OPS: LayerOpTable = {
  dense: {
    params: [{ name: 'units', kind: 'count' }],
    range: 'none',
    shape(inputs, args) {
      const input = inputs[0]!;
      if (input.length === 0) return { problem: 'rank', expected: 'at least one axis' };
      return { shape: [...input.slice(0, -1), count(args, 'units')] };
    },
    tensors(input, args, init) {
      const [fanIn, units] = [input[input.length - 1]!, count(args, 'units')];
      return [
        { kind: 'weight', role: 'kernel', shape: [fanIn, units], init, fanIn, fanOut: units },
        { kind: 'weight', role: 'bias', shape: [units], init: ZEROS, fanIn, fanOut: units },
      ];
    },
    attrs: (args, ids) => ({ units: count(args, 'units'), kernel: ids.tensor('kernel'), bias: ids.tensor('bias') }),
    describe: (node) => (node.attrs.spectral ? `spectral_norm(dense(${node.attrs.units}))` : `dense(${node.attrs.units})`),
  },
  conv2d: { ...conv2d, describe: (node) => describeConvolution(node, node.attrs.spectral) },
  conv2d_transpose: { ...conv2dTranspose, describe: (node) => describeConvolution(node, undefined) },
  flatten: {
    params: [],
    range: 'keeps',
    shape: (inputs) => ({ shape: [elementCount(inputs[0]!)] }),
    attrs: () => ({}),
    describe: () => 'flatten',
  },
  reshape: {
    params: [{ name: 'shape', kind: 'shape' }],
    range: 'keeps',
    shape(inputs, args) {
      const target = args.shape as Shape;
      return elementCount(target) === elementCount(inputs[0]!) ? { shape: target } : { problem: 'count', target };
    },
    attrs: (args) => ({ target: args.shape as Shape }),
    describe: (node) => `reshape(${shapeText(node.attrs.target)})`,
  },
  batchnorm: {
    params: [
      { name: 'momentum', kind: 'number', optional: true, default: 0.99, range: [0, 1] },
      { name: 'epsilon', kind: 'number', optional: true, default: 1e-3, range: [0, 1] },
    ],
    range: 'none',
    shape: atLeastOneAxis,
    tensors(input) {
      const c = input[input.length - 1]!;
      return [
        ...lastAxisGain(input),
        { kind: 'state', role: 'moving_mean', shape: [c], init: ZEROS },
        { kind: 'state', role: 'moving_variance', shape: [c], init: ONES },
      ];
    },
    attrs: (args, ids) => ({
      gamma: ids.tensor('gamma'),
      beta: ids.tensor('beta'),
      movingMean: ids.tensor('moving_mean'),
      movingVariance: ids.tensor('moving_variance'),
      momentum: count(args, 'momentum'),
      epsilon: count(args, 'epsilon'),
    }),
    describe: () => 'batchnorm',
  },
  layernorm: {
    params: [{ name: 'epsilon', kind: 'number', optional: true, default: 1e-3, range: [0, 1] }],
    range: 'none',
    shape: atLeastOneAxis,
    tensors: lastAxisGain,
    attrs: (args, ids) => ({ gamma: ids.tensor('gamma'), beta: ids.tensor('beta'), epsilon: count(args, 'epsilon') }),
    describe: () => 'layernorm',
  },
  dropout: {
    params: [{ name: 'rate', kind: 'number', default: 0.5, range: [0, 0.999] }],
    range: 'keeps',
    stochastic: true,
    shape: (inputs) => ({ shape: inputs[0]! }),
    attrs: (args, ids) => ({ rate: count(args, 'rate'), slot: ids.slot }),
    describe: (node) => `dropout(${node.attrs.rate})`,
  },
  gaussian_noise: {
    params: [{ name: 'std', kind: 'number', default: 0.1, range: [0, Infinity] }],
    range: 'keeps',
    stochastic: true,
    shape: (inputs) => ({ shape: inputs[0]! }),
    attrs: (args, ids) => ({ std: count(args, 'std'), slot: ids.slot }),
    describe: (node) => `gaussian_noise(${node.attrs.std})`,
  },
  upsample: {
    params: [{ name: 'factor', kind: 'count', optional: true, default: 2 }],
    range: 'keeps',
    shape(inputs, args) {
      const input = inputs[0]!;
      const factor = count(args, 'factor');
      if (input.length !== 3) return { problem: 'rank', expected: IMAGE };
      return { shape: [input[0]! * factor, input[1]! * factor, input[2]!] };
    },
    attrs: (args) => ({ factor: count(args, 'factor') }),
    describe: (node) => `upsample(${node.attrs.factor})`,
  },
  instancenorm: {
    // torch's InstanceNorm2d eps; learned scale and shift as tfa's InstanceNormalization and the Keras CycleGAN tutorial.
    params: [
      { name: 'epsilon', kind: 'number', optional: true, default: 1e-5, range: [0, 1] },
      { name: 'affine', kind: 'choice', optional: true, default: 'true', choices: ['true', 'false'] },
    ],
    range: 'none',
    shape: (inputs) => imageRank(inputs[0]!) ?? { shape: inputs[0]! },
    tensors: (input, args) => (args.affine === 'true' ? lastAxisGain(input) : []),
    attrs: (args, ids) => ({
      epsilon: count(args, 'epsilon'),
      ...(args.affine === 'true' ? { gamma: ids.tensor('gamma'), beta: ids.tensor('beta') } : {}),
    }),
    describe: (node) => `instancenorm(epsilon: ${node.attrs.epsilon}, affine: ${node.attrs.gamma !== undefined})`,
  },
  pad: {
    params: [
      { name: 'size', kind: 'sides' },
      { name: 'mode', kind: 'choice', optional: true, default: 'zero', choices: ['zero', 'reflect'] },
    ],
    // A reflection repeats the input's values; zero lies in every activation's range.
    range: 'keeps',
    shape(inputs, args) {
      const input = inputs[0]!;
      const sides = sidesOf(args);
      const problem = imageRank(input) ?? (args.mode === 'reflect' ? reflectProblem(input, sides) : undefined);
      if (problem) return problem;
      return { shape: [input[0]! + sides[0] + sides[1], input[1]! + sides[2] + sides[3], input[2]!] };
    },
    attrs: (args) => ({ sides: sidesOf(args), mode: args.mode as PadMode }),
    describe: (node) => `pad(${sidesText(node.attrs.sides)}, mode: ${node.attrs.mode})`,
  },
  crop: {
    params: [{ name: 'size', kind: 'sides' }],
    range: 'keeps',
    shape(inputs, args) {
      const input = inputs[0]!;
      const rank = imageRank(input);
      if (rank) return rank;
      const [top, bottom, left, right] = sidesOf(args);
      if (top + bottom >= input[0]!) return { problem: 'crop', removed: top + bottom, axis: 'height', size: input[0]! };
      if (left + right >= input[1]!) return { problem: 'crop', removed: left + right, axis: 'width', size: input[1]! };
      return { shape: [input[0]! - top - bottom, input[1]! - left - right, input[2]!] };
    },
    attrs: (args) => ({ sides: sidesOf(args) }),
    describe: (node) => `crop(${sidesText(node.attrs.sides)})`,
  },
  resize: {
    params: [
      { name: 'size', kind: 'imageSize' },
      { name: 'method', kind: 'choice', optional: true, default: 'nearest', choices: ['nearest', 'bilinear'] },
    ],
    // Both methods take each output value from the input's (nearest) or between them (bilinear).
    range: 'keeps',
    shape(inputs, args) {
      const input = inputs[0]!;
      const [height, width] = args.size as Shape;
      return imageRank(input) ?? { shape: [height!, width!, input[2]!] };
    },
    attrs: (args) => {
      const [height, width] = args.size as Shape;
      return { height: height!, width: width!, method: args.method as ResizeMethod };
    },
    describe: (node) => `resize([${node.attrs.height}, ${node.attrs.width}], method: ${node.attrs.method})`,
  },
  maxpool: pool('maxpool'),
  avgpool: pool('avgpool'),
  concat: {
    params: [],
    takesValues: true,
    range: 'none',
    shape(inputs) {
      if (inputs.length < 2) return { problem: 'arity', expected: 'at least 2 values' };
      const first = inputs[0]!;
      const leading = (s: Shape) => s.slice(0, -1);
      if (first.length > 0 && inputs.every((s) => s.length === first.length && sameShape(leading(s), leading(first)))) {
        return { shape: [...leading(first), inputs.reduce((total, s) => total + s[s.length - 1]!, 0)] };
      }
      return { problem: 'joinShapes', expected: 'values that differ only in their last axis' };
    },
    attrs: () => ({}),
    describe: () => 'concat',
  },
  add: {
    params: [],
    takesValues: true,
    range: 'none',
    shape(inputs) {
      if (inputs.length < 2) return { problem: 'arity', expected: 'at least 2 values' };
      const first = inputs[0]!;
      return inputs.every((s) => sameShape(s, first)) ? { shape: first } : { problem: 'joinShapes', expected: 'values of one shape' };
    },
    attrs: () => ({}),
    describe: () => 'add',
  },
  relu: activation('relu'),
  sigmoid: activation('sigmoid'),
  tanh: activation('tanh'),
  softmax: activation('softmax'),
  leaky_relu: {
    params: [{ name: 'alpha', kind: 'number', optional: true, default: 0.2, range: [0, 1] }],
    range: 'none',
    shape: (inputs) => ({ shape: inputs[0]! }),
    attrs: (args) => ({ alpha: count(args, 'alpha') }),
    describe: (node) => `leaky_relu(${node.attrs.alpha})`,
  },
};

/** Whether `name` is a layer kind of the table (`spectral_norm` wraps one, see ./spectralNorm.ts). */
export function isLayerOp(name: string): name is BodyLayerOp {
  return Object.hasOwn(LAYER_OPS, name);
}

/** The entry of a node's kind, typed for that node. */
export function layerEntry<Op extends BodyLayerOp>(op: Op): LayerOpEntry<Op> {
  return LAYER_OPS[op] as LayerOpEntry<Op>;
}

/** The layer as the spec wrote it (`conv2d(64, kernel: 4, stride: 2, padding: same)`), for comments. */
export function describeLayer(node: LayerNode): string {
  return node.op === 'input' ? node.name : layerEntry(node.op).describe(node as never);
}
