// The term op table: every kind of expression-graph node, described once.
// Backend-independent facts only: how the language writes it (a function
// with its parameters, an operator, or a name), a function's type rule (the
// result type for its arguments' types, or why there is none), and how it
// reads in a comment. The checker takes function names, signatures and type
// rules from here (src/check/elaborateExpressions.ts `termCall`), docs/reference.md's table of
// functions is checked against it (test/check/termTable.test.ts); each back end
// renders the same kinds in its own table (src/numerics/termOps.ts,
// src/codegen/typescriptOps.ts), typed so that a missing kind does not compile.

import type { ExprNodeOf, ExprOp, Shape, ValueType } from '../types.js';
import { sameShape } from './shapeArithmetic.js';

/**
 * A parameter of a function term; `optional` ones may be omitted. Its kind
 * says what the checker passes the type rule: `tensor` a value's type (a
 * class label refused), `value` any value's type (labels too), `number` a
 * constant, `choice` one of `choices` (`default` when omitted), `network` a
 * network's name (the penalties, which the checker types itself).
 */
export interface TermParam {
  readonly name: string;
  readonly optional?: true;
  readonly kind: 'tensor' | 'value' | 'number' | 'choice' | 'network';
  readonly choices?: readonly string[];
  readonly default?: string;
}

/** What a type rule reads: the types of the value arguments (params in order, then the rest), and the constants by name. */
export interface TermArgs {
  readonly types: readonly ValueType[];
  readonly constants: Readonly<Record<string, number | string>>;
}

/** Why a call has no type; the checker turns it into a diagnostic. */
export type TermProblem =
  /** An argument (`at`, else the whole call) of the wrong type: E0216 with `expected` and the `actual` types. */
  | { readonly problem: 'argument'; readonly expected: string; readonly actual: readonly ValueType[]; readonly at?: string }
  /** A reconstruction loss whose prediction has not the target's shape. */
  | { readonly problem: 'lossShapes'; readonly target: Shape; readonly pred: Shape }
  /** `concat` of values that differ elsewhere than in their last axis. */
  | { readonly problem: 'concatShapes'; readonly shapes: readonly Shape[] }
  /** A constant argument out of its range. */
  | { readonly problem: 'value'; readonly name: string; readonly expected: string; readonly actual: string };

export type TermRule = { readonly type: ValueType; readonly attrs: object } | TermProblem;

export interface TermOpEntry<Op extends ExprOp> {
  /**
   * `function`: called by name in the language, with `params` (and, with
   * `rest`, any number of further values); `operator`: written `a + b`, `-a`;
   * `name`: a datum, latent, param or network application.
   */
  readonly written: 'function' | 'operator' | 'name';
  readonly params?: readonly TermParam[];
  /** Further values (`tensor` kind), at least `min` of them. */
  readonly rest?: { readonly name: string; readonly min: number };
  /** A function's result type for its arguments (the penalties have none here: their rule reads the critic). */
  type?(args: TermArgs): TermRule;
  /** A function's result, for the documentation table. */
  readonly returns?: string;
  /** Draws from a random slot (see docs/ir.md), which the checker adds to `attrs`. */
  readonly stochastic?: true;
  /** The node as an operation, for comments in generated code. */
  describe(node: ExprNodeOf<Op>): string;
}

export type TermOpTable = { readonly [Op in ExprOp]: TermOpEntry<Op> };

const TERM_SCALAR: ValueType = { kind: 'tensor', shape: [] };
const tensorParam = (name: string): TermParam => ({ name, kind: 'tensor' });
const termShape = (type: ValueType): Shape => (type.kind === 'tensor' ? type.shape : []);
const sameType = ({ types }: TermArgs): TermRule => ({ type: types[0]!, attrs: {} });

const elementwiseTerm = <Op extends ExprOp>(): TermOpEntry<Op> => ({
  written: 'function', params: [tensorParam('value')], type: sameType, returns: "the value's shape", describe: (node) => node.op,
});
const reductionTerm = <Op extends ExprOp>(): TermOpEntry<Op> => ({
  written: 'function', params: [tensorParam('value')], type: () => ({ type: TERM_SCALAR, attrs: {} }), returns: 'a scalar', describe: (node) => node.op,
});
const reconstructionTerm = <Op extends 'mse' | 'l1' | 'bce' | 'bce_logits'>(): TermOpEntry<Op> => ({
  written: 'function',
  params: [tensorParam('target'), tensorParam('pred'), { name: 'reduce', optional: true, kind: 'choice', choices: ['mean', 'sum'], default: 'mean' }],
  type: ({ types: [target, pred], constants }) => {
    const [t, p] = [termShape(target!), termShape(pred!)];
    return t.length > 0 && !sameShape(t, p) ? { problem: 'lossShapes', target: t, pred: p } : { type: TERM_SCALAR, attrs: { reduce: constants.reduce } };
  },
  returns: 'a scalar (pred of the target\'s shape)',
  describe: (node) => (node.attrs.reduce === 'sum' ? `${node.op}(reduce: sum)` : node.op),
});
/** kl_normal and reparam: mu and logvar of one non-scalar shape. */
const gaussianProblem = ({ types: [mu, logvar] }: TermArgs): TermProblem | undefined => {
  const m = termShape(mu!);
  return m.length === 0 || !sameShape(m, termShape(logvar!)) ? { problem: 'argument', expected: 'mu and logvar of one (non-scalar) shape', actual: [mu!, logvar!] } : undefined;
};
const penaltyTerm = <Op extends 'gradient_penalty' | 'r1_penalty'>(values: readonly string[]): TermOpEntry<Op> => ({
  written: 'function',
  params: [{ name: 'critic', kind: 'network' }, ...values.map(tensorParam)],
  rest: { name: 'conditions', min: 0 },
  returns: "a scalar (the values of the critic's input shapes)",
  describe: (node) => `${node.op}(${node.attrs.network}, ...)`,
});
const operatorTerm = <Op extends ExprOp>(): TermOpEntry<Op> => ({ written: 'operator', describe: (node) => node.op });

/** In the order the language's function list is offered (did-you-mean, completion), then the rest. */
export const TERM_OPS: TermOpTable = {
  mse: reconstructionTerm(),
  l1: reconstructionTerm(),
  bce: reconstructionTerm(),
  bce_logits: reconstructionTerm(),
  cross_entropy: {
    written: 'function',
    params: [{ name: 'labels', kind: 'value' }, tensorParam('logits')],
    type: ({ types: [labels, logits] }) => {
      const logitShape = termShape(logits!);
      const classes = labels!.kind === 'class' ? labels!.classes : labels!.shape[0];
      if (logitShape.length !== 1 || (labels!.kind === 'tensor' && !sameShape(labels!.shape, logitShape)) || classes !== logitShape[0]) {
        return { problem: 'argument', expected: 'logits [K] with class[K] labels or [K] targets', actual: [labels!, logits!] };
      }
      return { type: TERM_SCALAR, attrs: { classes: logitShape[0]! } };
    },
    returns: 'a scalar (logits [K], labels class[K] or [K])',
    describe: (node) => node.op,
  },
  mean: reductionTerm(),
  sum: reductionTerm(),
  log: elementwiseTerm(),
  exp: elementwiseTerm(),
  sqrt: elementwiseTerm(),
  abs: elementwiseTerm(),
  square: elementwiseTerm(),
  relu: elementwiseTerm(),
  softplus: elementwiseTerm(),
  clip: {
    written: 'function',
    params: [tensorParam('value'), { name: 'low', kind: 'number' }, { name: 'high', kind: 'number' }],
    type: ({ types: [value], constants: { low, high } }) =>
      (low as number) > (high as number) ? { problem: 'value', name: 'low', expected: `at most high (${high})`, actual: String(low) } : { type: value!, attrs: { low, high } },
    returns: "the value's shape",
    describe: (node) => node.op,
  },
  one_hot: {
    written: 'function',
    params: [{ name: 'label', kind: 'value' }],
    type: ({ types: [label] }) =>
      label!.kind !== 'class' ? { problem: 'argument', expected: 'a class label (class[K])', actual: [label!], at: 'label' } : { type: { kind: 'tensor', shape: [label!.classes] }, attrs: { classes: label!.classes } },
    returns: '[K] for a class[K] label',
    describe: (node) => node.op,
  },
  concat: {
    written: 'function',
    params: [],
    rest: { name: 'values', min: 2 },
    type: ({ types }) => {
      const shapes = types.map(termShape);
      const leading = (s: Shape) => s.slice(0, -1);
      if (!shapes.every((s) => s.length > 0 && s.length === shapes[0]!.length && sameShape(leading(s), leading(shapes[0]!)))) return { problem: 'concatShapes', shapes };
      const last = shapes.reduce((t, s) => t + s[s.length - 1]!, 0);
      return { type: { kind: 'tensor', shape: [...leading(shapes[0]!), last] }, attrs: {} };
    },
    returns: 'the values joined along their last axis',
    describe: () => 'concat',
  },
  detach: { written: 'function', params: [{ name: 'value', kind: 'value' }], type: sameType, returns: "the value's type", describe: (node) => node.op },
  kl_normal: {
    written: 'function',
    params: [tensorParam('mu'), tensorParam('logvar')],
    type: (args) => gaussianProblem(args) ?? { type: TERM_SCALAR, attrs: {} },
    returns: 'a scalar',
    describe: (node) => node.op,
  },
  reparam: {
    written: 'function',
    params: [tensorParam('mu'), tensorParam('logvar')],
    type: (args) => gaussianProblem(args) ?? { type: args.types[0]!, attrs: {} },
    returns: "mu's shape",
    stochastic: true,
    describe: (node) => node.op,
  },
  gradient_penalty: penaltyTerm(['real', 'fake']),
  r1_penalty: penaltyTerm(['real']),
  noise: {
    written: 'function',
    params: [tensorParam('value'), { name: 'std', kind: 'number' }],
    type: ({ types: [value], constants: { std } }) => ({ type: value!, attrs: { std } }),
    returns: "the value's shape",
    stochastic: true,
    describe: (node) => node.op,
  },
  // Typed by the checker, as the penalties are: cutout_mask reads the node of its argument.
  cutout: {
    written: 'function',
    params: [tensorParam('value'), { name: 'size', kind: 'number' }, { name: 'fill', optional: true, kind: 'number' }],
    returns: "the image's shape, a random size×size square per example set to fill (0)",
    stochastic: true,
    describe: (node) => `cutout(size: ${node.attrs.size}, fill: ${node.attrs.fill})`,
  },
  cutout_mask: {
    written: 'function',
    params: [tensorParam('cut')],
    returns: "[H, W, 1]: 1 inside the cutout's square, 0 outside",
    describe: (node) => `cutout_mask(size: ${node.attrs.size})`,
  },
  data: { written: 'name', describe: (node) => `data ${node.attrs.field}` },
  latent: { written: 'name', describe: (node) => `latent ${node.attrs.name}` },
  const: { written: 'name', describe: (node) => String(node.attrs.value) },
  apply: { written: 'name', describe: () => 'output' },
  add: operatorTerm(),
  sub: operatorTerm(),
  mul: operatorTerm(),
  div: operatorTerm(),
  pow: operatorTerm(),
  neg: operatorTerm(),
};

/** The entry of a node's kind, typed for that node. */
export function termEntry<Op extends ExprOp>(op: Op): TermOpEntry<Op> {
  return TERM_OPS[op] as TermOpEntry<Op>;
}

/** The functions an expression may call, in table order. */
export const FUNCTION_TERMS: readonly ExprOp[] = (Object.keys(TERM_OPS) as ExprOp[]).filter((op) => TERM_OPS[op].written === 'function');

export function describeTerm(node: ExprNodeOf<ExprOp>): string {
  return termEntry(node.op).describe(node as never);
}

/** A function term as the language writes it: `mse(target, pred, reduce?)`, `concat(values…)`. */
export function termSignatureText(op: ExprOp): string {
  const entry = TERM_OPS[op];
  const params = (entry.params ?? []).map((p) => (p.optional ? `${p.name}?` : p.name));
  if (entry.rest) params.push(`${entry.rest.name}…`);
  return `${op}(${params.join(', ')})`;
}
