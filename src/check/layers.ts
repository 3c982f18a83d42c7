// The layers a network body may use, elaborated from the IR's op table
// (src/ir/ops/layers.ts): this file resolves a layer's arguments, applies
// the table's shape rule, creates the tensors the table lists and reports
// what does not fit. What a layer *is* lives in the table, not here.

import type { CallExpr, Expr, NameExpr, Span } from '../parser/ast.js';
import type { Init, LayerNode, Shape } from '../ir/types.js';
import { LAYER_OPS, layerEntry, type BodyLayerOp, type LayerArgs, type LayerParam, type LayerTensor, type ShapeProblem } from '../ir/ops/layers.js';
import { SPECTRAL_TARGETS, isSpectralTarget, spectralAttrs, spectralState } from '../ir/ops/spectralNorm.js';
import type { Reporter } from './context.js';
import { bindArguments, type BoundArguments, type Signature } from './bindArguments.js';
import { evaluateChoice, evaluateConstant, evaluateFloat32, evaluatePositiveInteger, sourceText, type ConstantScope } from './constants.js';
import { elementCount, formatShape } from './shapes.js';

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
  /** For range warnings: whether the output range is the layer's own, its input's, or unknown. */
  readonly range: 'sets' | 'keeps' | 'none';
  build(name: string, inputs: readonly Shape[], args: BoundArguments, ctx: LayerBuildContext, span: Span): LayerResult | undefined;
}

function signatureOf(name: string, params: readonly LayerParam[], takesValues: boolean | undefined): Signature {
  const list = params.map((p) => ({ name: p.name, ...('optional' in p && p.optional ? { optional: true } : {}) }));
  return { name, params: list, ...(takesValues ? { rest: { name: 'values', min: 0 } } : {}) };
}

function positiveArg(args: BoundArguments, name: string, ctx: LayerBuildContext, layer: string, fallback?: number): number | undefined {
  const expr = args.values.get(name);
  if (!expr) return fallback;
  return evaluatePositiveInteger(expr, ctx.scope, ctx.reporter, `\`${layer}\`'s ${name}`);
}

/**
 * Each of `items` as a whole number from `low`: the numbers, or 'reported'
 * when evaluating one already reported why, or 'invalid' when one is a
 * number but not such a whole number (the caller reports the whole argument).
 */
function wholeNumbers(items: readonly Expr[], ctx: LayerBuildContext, low: number): number[] | 'reported' | 'invalid' {
  const values = items.map((item) => evaluateConstant(item, ctx.scope, ctx.reporter, 'a size'));
  if (values.some((v) => v === undefined)) return 'reported';
  return values.every((v) => Number.isSafeInteger(v) && v! >= low) ? (values as number[]) : 'invalid';
}

/** A size argument as written (`[0, 28]`), for messages. */
const sizeText = (expr: Expr): string => (expr.kind === 'List' ? `[${expr.items.map(sourceText).join(', ')}]` : sourceText(expr));

/** `pad`/`crop`'s `n` or `[top, bottom, left, right]` (Keras's order), each a whole number from 0. */
function resolveSides(expr: Expr, ctx: LayerBuildContext, layer: string): Shape | undefined {
  const items = expr.kind === 'List' ? expr.items : [expr];
  const values = items.length === 1 || items.length === 4 ? wholeNumbers(items, ctx, 0) : 'invalid';
  if (Array.isArray(values)) return values.length === 1 ? [values[0]!, values[0]!, values[0]!, values[0]!] : values;
  if (values === 'invalid') {
    ctx.reporter.report('PadSides', expr.span, { layer, actual: sizeText(expr) }, { hint: `write \`${layer}(1)\` for every side, or \`${layer}([1, 1, 2, 2])\`` });
  }
  return undefined;
}

/** `resize`'s `[height, width]`; 0 would leave no image. */
function resolveImageSize(expr: Expr, ctx: LayerBuildContext): Shape | undefined {
  const values = expr.kind === 'List' && expr.items.length === 2 ? wholeNumbers(expr.items, ctx, 1) : 'invalid';
  if (Array.isArray(values)) return values;
  if (values === 'invalid') {
    ctx.reporter.report('ResizeSize', expr.span, { actual: sizeText(expr) }, { hint: 'write the output image\'s height and width, such as `resize([32, 32])`' });
  }
  return undefined;
}

/** One argument's value as the table's parameter kind says; undefined after reporting. */
function resolveParam(param: LayerParam, args: BoundArguments, ctx: LayerBuildContext, layer: string): number | string | Shape | undefined {
  const expr = args.values.get(param.name);
  switch (param.kind) {
    case 'count':
      return positiveArg(args, param.name, ctx, layer, param.default);
    case 'padding':
      return expr ? evaluateChoice(expr, ['same', 'valid'] as const, ctx.reporter, 'padding') : param.default;
    case 'choice':
      return expr ? evaluateChoice(expr, param.choices, ctx.reporter, param.name) : param.default;
    case 'sides':
      return expr && resolveSides(expr, ctx, layer);
    case 'imageSize':
      return expr && resolveImageSize(expr, ctx);
    case 'number': {
      if (!expr) return param.default;
      const value = evaluateFloat32(expr, ctx.scope, ctx.reporter, `\`${layer}\`'s ${param.name}`);
      const [low, high] = param.range;
      if (value !== undefined && !(value >= low && value <= high)) {
        ctx.reporter.report('InvalidArgumentValue', expr.span, { name: param.name, expected: `between ${low} and ${high}`, actual: String(value) });
        return undefined;
      }
      return value;
    }
    case 'shape': {
      if (expr?.kind !== 'List') {
        if (expr) ctx.reporter.report('InvalidArgumentValue', expr.span, { name: param.name, expected: 'a list such as [7, 7, 128]', actual: 'something else' });
        return undefined;
      }
      const dims = expr.items.map((item) => evaluatePositiveInteger(item, ctx.scope, ctx.reporter, 'a dimension'));
      return dims.some((d) => d === undefined) ? undefined : (dims as number[]);
    }
  }
}

/** Every argument of `op`, each reported on its own; undefined when any failed. */
function resolveArgs(op: BodyLayerOp, args: BoundArguments, ctx: LayerBuildContext): LayerArgs | undefined {
  const values: Record<string, number | string | Shape> = {};
  let ok = true;
  for (const param of LAYER_OPS[op].params) {
    const value = resolveParam(param, args, ctx, op);
    if (value === undefined) ok = false;
    else values[param.name] = value;
  }
  return ok ? values : undefined;
}

function reportShapeProblem(layer: BodyLayerOp, problem: ShapeProblem, inputs: readonly Shape[], ctx: LayerBuildContext, span: Span): void {
  const input = inputs[0]!;
  switch (problem.problem) {
    case 'rank':
      return ctx.reporter.report('LayerInputRank', span, { layer, expected: problem.expected, actual: formatShape(input) }, { hint: problem.hint });
    case 'tooSmall':
      return ctx.reporter.report('OutputTooSmall', span, { layer, input: formatShape(input), detail: problem.detail }, { hint: problem.hint });
    case 'arity':
      return ctx.reporter.report('WrongArity', span, { callee: layer, expected: problem.expected, actual: inputs.length });
    case 'joinShapes':
      return ctx.reporter.report('ConcatShapes', span, { layer, expected: problem.expected, actual: inputs.map(formatShape).join(' and ') });
    case 'reflectPad': {
      const max = problem.size - 1;
      const args = { pad: problem.pad, side: problem.side, input: formatShape(input), max, size: problem.size, axis: problem.axis };
      return ctx.reporter.report('ReflectPadTooLarge', span, args, { hint: `pad at most ${max} there, or use \`mode: zero\`` });
    }
    case 'crop': {
      const unit = problem.axis === 'height' ? 'rows' : 'columns';
      const args = { removed: problem.removed, size: problem.size, unit, input: formatShape(input) };
      return ctx.reporter.report('CropTooLarge', span, args, { hint: `crop fewer than ${problem.size} ${unit} in all` });
    }
    case 'count': {
      const { target } = problem;
      return ctx.reporter.report('ReshapeCount', span, { actual: formatShape(input), count: elementCount(input), target: formatShape(target), targetCount: elementCount(target) });
    }
  }
}

/** Creates the tensors the table lists, in its order, and returns their ids by role. */
function createTensors(name: string, tensors: readonly LayerTensor[], ctx: LayerBuildContext): Map<string, string> {
  const ids = new Map<string, string>();
  for (const t of tensors) {
    ids.set(t.role, t.kind === 'weight' ? ctx.weight(name, t.role, t.shape, t.init, t.fanIn, t.fanOut) : ctx.state(name, t.role, t.shape, t.init));
  }
  return ids;
}

/** Elaborates one application of table layer `op` named `name`. */
function buildLayer(op: BodyLayerOp, name: string, inputs: readonly Shape[], bound: BoundArguments, ctx: LayerBuildContext, span: Span): LayerResult | undefined {
  const entry = layerEntry(op);
  const args = resolveArgs(op, bound, ctx);
  if (!args) return undefined;
  const rule = entry.shape(inputs, args);
  if ('problem' in rule) return void reportShapeProblem(op, rule, inputs, ctx, span);
  const ids = createTensors(name, entry.tensors?.(inputs[0]!, args, ctx.init) ?? [], ctx);
  const slot = entry.stochastic ? ctx.slot() : -1;
  return { op, attrs: entry.attrs(args, { tensor: (role) => ids.get(role)!, slot }), shape: rule.shape };
}

const SPECTRAL_SIGNATURE: Signature = { name: 'spectral_norm', params: [{ name: 'layer' }, { name: 'iterations', optional: true }] };

/** `spectral_norm(dense(…))` or `spectral_norm(conv2d(…))`: the wrapped layer plus its power-iteration state. */
function buildSpectralNorm(name: string, inputs: readonly Shape[], args: BoundArguments, ctx: LayerBuildContext, span: Span): LayerResult | undefined {
  const inner = args.values.get('layer')!;
  const innerName = inner.kind === 'Call' ? inner.callee.name : inner.kind === 'Name' ? inner.name : undefined;
  if ((inner.kind !== 'Call' && inner.kind !== 'Name') || !isSpectralTarget(innerName)) {
    ctx.reporter.report('SpectralNormTarget', inner.span, { what: innerName ? `\`${innerName}\`` : 'this' }, { hint: 'write `spectral_norm(conv2d(64, kernel: 4, stride: 2))`' });
    return undefined;
  }
  const iterations = positiveArg(args, 'iterations', ctx, 'spectral_norm', 1);
  if (iterations === undefined) return undefined;
  const innerArgs = bindArguments(inner.kind === 'Call' ? inner.args : [], LAYERS[innerName]!.signature, ctx.reporter, inner.span);
  if (!innerArgs.complete) return undefined;
  const units = positiveArg(innerArgs, SPECTRAL_TARGETS[innerName], ctx, innerName);
  if (units === undefined) return undefined;
  const u = createTensors(name, [spectralState(units)], ctx).get('power_u')!;
  const result = buildLayer(innerName, name, inputs, innerArgs, ctx, span);
  return result && { ...result, attrs: { ...result.attrs, spectral: spectralAttrs(u, iterations) } as LayerNode['attrs'] };
}

function definitions(): Record<string, LayerDefinition> {
  const table: Record<string, LayerDefinition> = {};
  for (const op of Object.keys(LAYER_OPS) as BodyLayerOp[]) {
    const entry = LAYER_OPS[op];
    table[op] = {
      signature: signatureOf(op, entry.params, entry.takesValues),
      ...(entry.takesValues ? { takesValues: true } : {}),
      range: entry.range,
      build: (name, inputs, args, ctx, span) => buildLayer(op, name, inputs, args, ctx, span),
    };
  }
  table.spectral_norm = { signature: SPECTRAL_SIGNATURE, range: 'none', build: buildSpectralNorm };
  return table;
}

/** Every layer name a body may use, in the table's order, `spectral_norm` last. */
export const LAYERS: Readonly<Record<string, LayerDefinition>> = definitions();

export function isLayerName(name: string): boolean {
  return Object.hasOwn(LAYERS, name);
}

/** The layer a pipeline stage names, with its bound arguments. */
export function layerOfStage(stage: NameExpr | CallExpr): string {
  return stage.kind === 'Name' ? stage.name : stage.callee.name;
}
