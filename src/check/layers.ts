// The layers a network body may use: their arguments and how each transforms
// a shape. One table, so `did you mean` and the docs see every layer.

import type { CallExpr, NameExpr, Span } from '../parser/ast.js';
import type { Init, LayerNode, Padding, Shape, SpectralNorm } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments, type BoundArguments, type Signature } from './bindArguments.js';
import { evaluateChoice, evaluateFloat32, evaluatePositiveInteger, type ConstantScope } from './constants.js';
import { convOutputSize, deconvOutputSize, elementCount, formatShape, sameShape } from './shapes.js';

/** What a layer needs from the network being built. */
export interface LayerBuildContext {
  readonly reporter: Reporter;
  readonly scope: ConstantScope;
  readonly init: Init;
  /** Adds a trainable weight and returns its id. */
  weight(layer: string, role: 'kernel' | 'bias' | 'gamma' | 'beta', shape: Shape, init: Init, fanIn: number, fanOut: number): string;
  /** Adds a non-trainable state tensor and returns its id. */
  state(layer: string, role: 'moving_mean' | 'moving_variance' | 'power_u', shape: Shape, init: Init): string;
  /** Allocates a random slot (see docs/ir.md) for a stochastic layer. */
  slot(): number;
}

/** A layer node before it is placed in the network: everything but name/inputs/source. */
export type LayerResult = { readonly op: LayerNode['op']; readonly attrs: LayerNode['attrs']; readonly shape: Shape };

interface LayerDefinition {
  readonly signature: Signature;
  /** Layers such as `concat` and `add` take several values; the rest take one. */
  readonly takesValues?: boolean;
  build(name: string, inputs: readonly Shape[], args: BoundArguments, ctx: LayerBuildContext, span: Span): LayerResult | undefined;
}

const ZEROS: Init = { kind: 'zeros' };
const ONES: Init = { kind: 'ones' };

function needRank(layer: string, input: Shape, rank: number, what: string, ctx: LayerBuildContext, span: Span, hint?: string): boolean {
  if (input.length === rank) return true;
  ctx.reporter.report('LayerInputRank', span, { layer, expected: what, actual: formatShape(input) }, { hint });
  return false;
}

function positiveArg(args: BoundArguments, name: string, ctx: LayerBuildContext, layer: string, fallback?: number): number | undefined {
  const expr = args.values.get(name);
  if (!expr) return fallback;
  return evaluatePositiveInteger(expr, ctx.scope, ctx.reporter, `\`${layer}\`'s ${name}`);
}

function numberArg(args: BoundArguments, name: string, ctx: LayerBuildContext, layer: string, fallback: number, range?: [number, number]): number | undefined {
  const expr = args.values.get(name);
  if (!expr) return fallback;
  const value = evaluateFloat32(expr, ctx.scope, ctx.reporter, `\`${layer}\`'s ${name}`);
  if (value !== undefined && range && !(value >= range[0] && value <= range[1])) {
    ctx.reporter.report('InvalidArgumentValue', expr.span, { name, expected: `between ${range[0]} and ${range[1]}`, actual: String(value) });
    return undefined;
  }
  return value;
}

function dense(name: string, inputs: readonly Shape[], args: BoundArguments, ctx: LayerBuildContext, span: Span, spectral?: SpectralNorm): LayerResult | undefined {
  const input = inputs[0]!;
  const units = positiveArg(args, 'units', ctx, 'dense');
  if (units === undefined) return undefined;
  if (input.length === 0) {
    ctx.reporter.report('LayerInputRank', span, { layer: 'dense', expected: 'at least one axis', actual: 'a scalar' });
    return undefined;
  }
  const fanIn = input[input.length - 1]!;
  const kernel = ctx.weight(name, 'kernel', [fanIn, units], ctx.init, fanIn, units);
  const bias = ctx.weight(name, 'bias', [units], ZEROS, fanIn, units);
  return { op: 'dense', attrs: { units, kernel, bias, ...(spectral ? { spectral } : {}) }, shape: [...input.slice(0, -1), units] };
}

function convolution(transpose: boolean) {
  const layer = transpose ? 'conv2d_transpose' : 'conv2d';
  return (name: string, inputs: readonly Shape[], args: BoundArguments, ctx: LayerBuildContext, span: Span, spectral?: SpectralNorm): LayerResult | undefined => {
    const input = inputs[0]!;
    const filters = positiveArg(args, 'filters', ctx, layer);
    const kernelSize = positiveArg(args, 'kernel', ctx, layer, 3);
    const stride = positiveArg(args, 'stride', ctx, layer, 1);
    const paddingExpr = args.values.get('padding');
    const padding: Padding | undefined = paddingExpr ? evaluateChoice(paddingExpr, ['same', 'valid'] as const, ctx.reporter, 'padding') : 'same';
    if (filters === undefined || kernelSize === undefined || stride === undefined || padding === undefined) return undefined;
    if (!needRank(layer, input, 3, 'an image [height, width, channels]', ctx, span, 'add `reshape([h, w, c])` before it')) return undefined;
    const [height, width, channels] = input as [number, number, number];
    const size = transpose ? deconvOutputSize : convOutputSize;
    const outHeight = size(height, kernelSize, stride, padding);
    const outWidth = size(width, kernelSize, stride, padding);
    if (outHeight <= 0 || outWidth <= 0) {
      ctx.reporter.report('OutputTooSmall', span, { layer, input: formatShape(input), detail: `a ${kernelSize}×${kernelSize} kernel with padding \`${padding}\`` }, { hint: 'use `padding: same` or a smaller kernel' });
      return undefined;
    }
    const area = kernelSize * kernelSize;
    // tfjs stores a transposed convolution's kernel as [k, k, out, in].
    const kernelShape = transpose ? [kernelSize, kernelSize, filters, channels] : [kernelSize, kernelSize, channels, filters];
    const kernel = ctx.weight(name, 'kernel', kernelShape, ctx.init, area * channels, area * filters);
    const bias = ctx.weight(name, 'bias', [filters], ZEROS, area * channels, area * filters);
    const attrs = { filters, kernelSize, stride, padding, kernel, bias, ...(spectral ? { spectral } : {}) };
    return { op: transpose ? 'conv2d_transpose' : 'conv2d', attrs, shape: [outHeight, outWidth, filters] } as LayerResult;
  };
}

function activation(op: 'relu' | 'sigmoid' | 'tanh' | 'softmax'): LayerDefinition {
  return { signature: { name: op, params: [] }, build: (_n, inputs) => ({ op, attrs: {}, shape: inputs[0]! }) };
}

function pool(op: 'maxpool' | 'avgpool'): LayerDefinition {
  return {
    signature: { name: op, params: [{ name: 'size', optional: true }] },
    build(_name, inputs, args, ctx, span) {
      const size = positiveArg(args, 'size', ctx, op, 2);
      const input = inputs[0]!;
      if (size === undefined || !needRank(op, input, 3, 'an image [height, width, channels]', ctx, span)) return undefined;
      const [h, w, c] = input as [number, number, number];
      if (h < size || w < size) {
        ctx.reporter.report('OutputTooSmall', span, { layer: op, input: formatShape(input), detail: `a ${size}×${size} window` });
        return undefined;
      }
      return { op, attrs: { size }, shape: [Math.floor(h / size), Math.floor(w / size), c] };
    },
  };
}

function joiner(op: 'concat' | 'add'): LayerDefinition {
  return {
    signature: { name: op, params: [], rest: { name: 'values', min: 0 } },
    takesValues: true,
    build(_name, inputs, _args, ctx, span) {
      if (inputs.length < 2) {
        ctx.reporter.report('WrongArity', span, { callee: op, expected: 'at least 2 values', actual: inputs.length });
        return undefined;
      }
      const first = inputs[0]!;
      if (op === 'add') {
        if (inputs.every((s) => sameShape(s, first))) return { op, attrs: {}, shape: first };
        ctx.reporter.report('ConcatShapes', span, { layer: 'add', expected: 'values of one shape', actual: inputs.map(formatShape).join(' and ') });
        return undefined;
      }
      const leading = (s: Shape) => s.slice(0, -1);
      if (first.length > 0 && inputs.every((s) => s.length === first.length && sameShape(leading(s), leading(first)))) {
        const last = inputs.reduce((total, s) => total + s[s.length - 1]!, 0);
        return { op, attrs: {}, shape: [...leading(first), last] };
      }
      ctx.reporter.report('ConcatShapes', span, { layer: 'concat', expected: 'values that differ only in their last axis', actual: inputs.map(formatShape).join(' and ') });
      return undefined;
    },
  };
}

export const LAYERS: Readonly<Record<string, LayerDefinition>> = {
  dense: { signature: { name: 'dense', params: [{ name: 'units' }] }, build: (n, i, a, c, s) => dense(n, i, a, c, s) },
  conv2d: {
    signature: { name: 'conv2d', params: [{ name: 'filters' }, { name: 'kernel', optional: true }, { name: 'stride', optional: true }, { name: 'padding', optional: true }] },
    build: (n, i, a, c, s) => convolution(false)(n, i, a, c, s),
  },
  conv2d_transpose: {
    signature: { name: 'conv2d_transpose', params: [{ name: 'filters' }, { name: 'kernel', optional: true }, { name: 'stride', optional: true }, { name: 'padding', optional: true }] },
    build: (n, i, a, c, s) => convolution(true)(n, i, a, c, s),
  },
  flatten: {
    signature: { name: 'flatten', params: [] },
    build: (_n, inputs) => ({ op: 'flatten', attrs: {}, shape: [elementCount(inputs[0]!)] }),
  },
  reshape: {
    signature: { name: 'reshape', params: [{ name: 'shape' }] },
    build(_name, inputs, args, ctx, span) {
      const expr = args.values.get('shape')!;
      if (expr.kind !== 'List') {
        ctx.reporter.report('InvalidArgumentValue', expr.span, { name: 'shape', expected: 'a list such as [7, 7, 128]', actual: 'something else' });
        return undefined;
      }
      const dims = expr.items.map((item) => evaluatePositiveInteger(item, ctx.scope, ctx.reporter, 'a dimension'));
      if (dims.some((d) => d === undefined)) return undefined;
      const target = dims as number[];
      const input = inputs[0]!;
      if (elementCount(target) !== elementCount(input)) {
        ctx.reporter.report('ReshapeCount', span, { actual: formatShape(input), count: elementCount(input), target: formatShape(target), targetCount: elementCount(target) });
        return undefined;
      }
      return { op: 'reshape', attrs: { target }, shape: target };
    },
  },
  batchnorm: {
    signature: { name: 'batchnorm', params: [{ name: 'momentum', optional: true }, { name: 'epsilon', optional: true }] },
    build(name, inputs, args, ctx, span) {
      const input = inputs[0]!;
      const momentum = numberArg(args, 'momentum', ctx, 'batchnorm', 0.99, [0, 1]);
      const epsilon = numberArg(args, 'epsilon', ctx, 'batchnorm', 1e-3, [0, 1]);
      if (momentum === undefined || epsilon === undefined) return undefined;
      if (input.length === 0) return void needRank('batchnorm', input, 1, 'at least one axis', ctx, span);
      const c = input[input.length - 1]!;
      return {
        op: 'batchnorm',
        attrs: {
          gamma: ctx.weight(name, 'gamma', [c], ONES, c, c),
          beta: ctx.weight(name, 'beta', [c], ZEROS, c, c),
          movingMean: ctx.state(name, 'moving_mean', [c], ZEROS),
          movingVariance: ctx.state(name, 'moving_variance', [c], ONES),
          momentum,
          epsilon,
        },
        shape: input,
      };
    },
  },
  layernorm: {
    signature: { name: 'layernorm', params: [{ name: 'epsilon', optional: true }] },
    build(name, inputs, args, ctx, span) {
      const input = inputs[0]!;
      const epsilon = numberArg(args, 'epsilon', ctx, 'layernorm', 1e-3, [0, 1]);
      if (epsilon === undefined) return undefined;
      if (input.length === 0) return void needRank('layernorm', input, 1, 'at least one axis', ctx, span);
      const c = input[input.length - 1]!;
      return {
        op: 'layernorm',
        attrs: { gamma: ctx.weight(name, 'gamma', [c], ONES, c, c), beta: ctx.weight(name, 'beta', [c], ZEROS, c, c), epsilon },
        shape: input,
      };
    },
  },
  dropout: {
    signature: { name: 'dropout', params: [{ name: 'rate' }] },
    build(_n, inputs, args, ctx) {
      const rate = numberArg(args, 'rate', ctx, 'dropout', 0.5, [0, 0.999]);
      return rate === undefined ? undefined : { op: 'dropout', attrs: { rate, slot: ctx.slot() }, shape: inputs[0]! };
    },
  },
  gaussian_noise: {
    signature: { name: 'gaussian_noise', params: [{ name: 'std' }] },
    build(_n, inputs, args, ctx) {
      const std = numberArg(args, 'std', ctx, 'gaussian_noise', 0.1, [0, Infinity]);
      return std === undefined ? undefined : { op: 'gaussian_noise', attrs: { std, slot: ctx.slot() }, shape: inputs[0]! };
    },
  },
  upsample: {
    signature: { name: 'upsample', params: [{ name: 'factor', optional: true }] },
    build(_n, inputs, args, ctx, span) {
      const factor = positiveArg(args, 'factor', ctx, 'upsample', 2);
      const input = inputs[0]!;
      if (factor === undefined || !needRank('upsample', input, 3, 'an image [height, width, channels]', ctx, span)) return undefined;
      return { op: 'upsample', attrs: { factor }, shape: [input[0]! * factor, input[1]! * factor, input[2]!] };
    },
  },
  maxpool: pool('maxpool'),
  avgpool: pool('avgpool'),
  concat: joiner('concat'),
  add: joiner('add'),
  relu: activation('relu'),
  sigmoid: activation('sigmoid'),
  tanh: activation('tanh'),
  softmax: activation('softmax'),
  leaky_relu: {
    signature: { name: 'leaky_relu', params: [{ name: 'alpha', optional: true }] },
    build(_n, inputs, args, ctx) {
      const alpha = numberArg(args, 'alpha', ctx, 'leaky_relu', 0.2, [0, 1]);
      return alpha === undefined ? undefined : { op: 'leaky_relu', attrs: { alpha }, shape: inputs[0]! };
    },
  },
  spectral_norm: {
    signature: { name: 'spectral_norm', params: [{ name: 'layer' }, { name: 'iterations', optional: true }] },
    build(name, inputs, args, ctx, span) {
      const inner = args.values.get('layer')!;
      const innerName = inner.kind === 'Call' ? inner.callee.name : inner.kind === 'Name' ? inner.name : undefined;
      if ((inner.kind !== 'Call' && inner.kind !== 'Name') || (innerName !== 'dense' && innerName !== 'conv2d')) {
        ctx.reporter.report('SpectralNormTarget', inner.span, { what: innerName ? `\`${innerName}\`` : 'this' }, { hint: 'write `spectral_norm(conv2d(64, kernel: 4, stride: 2))`' });
        return undefined;
      }
      const iterations = positiveArg(args, 'iterations', ctx, 'spectral_norm', 1);
      if (iterations === undefined) return undefined;
      const innerArgs = bindArguments(inner.kind === 'Call' ? inner.args : [], LAYERS[innerName]!.signature, ctx.reporter, inner.span);
      if (!innerArgs.complete) return undefined;
      const units = innerName === 'dense' ? positiveArg(innerArgs, 'units', ctx, 'dense') : positiveArg(innerArgs, 'filters', ctx, 'conv2d');
      if (units === undefined) return undefined;
      const u = ctx.state(name, 'power_u', [1, units], { kind: 'normal', mean: 0, std: 1 });
      const spectral: SpectralNorm = { u, iterations, epsilon: 1e-12 };
      return innerName === 'dense' ? dense(name, inputs, innerArgs, ctx, span, spectral) : convolution(false)(name, inputs, innerArgs, ctx, span, spectral);
    },
  },
};

export function isLayerName(name: string): boolean {
  return Object.hasOwn(LAYERS, name);
}

/** The layer a pipeline stage names, with its bound arguments. */
export function layerOfStage(stage: NameExpr | CallExpr): string {
  return stage.kind === 'Name' ? stage.name : stage.callee.name;
}
