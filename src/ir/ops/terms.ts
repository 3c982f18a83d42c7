// The term op table: every kind of expression-graph node, described once.
// Backend-independent facts only: how the language writes it (a function
// with its parameters, an operator, or a name) and how it reads in a comment.
// The checker takes function names and signatures from here; each back end
// renders the same kinds in its own table (src/numerics/termOps.ts,
// src/codegen/typescriptOps.ts), typed so that a missing kind does not compile.

import type { ExprNodeOf, ExprOp } from '../types.js';

/** A parameter of a function term; `optional` ones may be omitted. */
export interface TermParam {
  readonly name: string;
  readonly optional?: true;
}

export interface TermOpEntry<Op extends ExprOp> {
  /**
   * `function`: called by name in the language, with `params` (and, with
   * `rest`, any number of further values); `operator`: written `a + b`, `-a`;
   * `name`: a datum, latent, param or network application.
   */
  readonly written: 'function' | 'operator' | 'name';
  readonly params?: readonly TermParam[];
  readonly rest?: { readonly name: string; readonly min: number };
  /** The node as an operation, for comments in generated code. */
  describe(node: ExprNodeOf<Op>): string;
}

export type TermOpTable = { readonly [Op in ExprOp]: TermOpEntry<Op> };

const value = [{ name: 'value' }] as const;
const plain = <Op extends ExprOp>(params: readonly TermParam[] = value): TermOpEntry<Op> => ({ written: 'function', params, describe: (node) => node.op });
const reconstruction = <Op extends 'mse' | 'l1' | 'bce' | 'bce_logits'>(): TermOpEntry<Op> => ({
  written: 'function',
  params: [{ name: 'target' }, { name: 'pred' }, { name: 'reduce', optional: true }],
  describe: (node) => (node.attrs.reduce === 'sum' ? `${node.op}(reduce: sum)` : node.op),
});
const operator = <Op extends ExprOp>(): TermOpEntry<Op> => ({ written: 'operator', describe: (node) => node.op });

/** In the order the language's function list is offered (did-you-mean, completion), then the rest. */
export const TERM_OPS: TermOpTable = {
  mse: reconstruction(),
  l1: reconstruction(),
  bce: reconstruction(),
  bce_logits: reconstruction(),
  cross_entropy: plain([{ name: 'labels' }, { name: 'logits' }]),
  mean: plain(),
  sum: plain(),
  log: plain(),
  exp: plain(),
  sqrt: plain(),
  abs: plain(),
  square: plain(),
  relu: plain(),
  softplus: plain(),
  clip: plain([{ name: 'value' }, { name: 'low' }, { name: 'high' }]),
  one_hot: plain([{ name: 'label' }]),
  concat: { written: 'function', params: [], rest: { name: 'values', min: 2 }, describe: () => 'concat' },
  detach: plain(),
  kl_normal: plain([{ name: 'mu' }, { name: 'logvar' }]),
  reparam: plain([{ name: 'mu' }, { name: 'logvar' }]),
  gradient_penalty: {
    written: 'function',
    params: [{ name: 'critic' }, { name: 'real' }, { name: 'fake' }],
    rest: { name: 'conditions', min: 0 },
    describe: (node) => `gradient_penalty(${node.attrs.network}, ...)`,
  },
  r1_penalty: {
    written: 'function',
    params: [{ name: 'critic' }, { name: 'real' }],
    rest: { name: 'conditions', min: 0 },
    describe: (node) => `r1_penalty(${node.attrs.network}, ...)`,
  },
  noise: plain([{ name: 'value' }, { name: 'std' }]),
  cutout: {
    written: 'function',
    params: [{ name: 'value' }, { name: 'size' }, { name: 'fill', optional: true }],
    describe: (node) => `cutout(size: ${node.attrs.size}, fill: ${node.attrs.fill})`,
  },
  cutout_mask: { written: 'function', params: [{ name: 'cut' }], describe: (node) => `cutout_mask(size: ${node.attrs.size})` },
  data: { written: 'name', describe: (node) => `data ${node.attrs.field}` },
  latent: { written: 'name', describe: (node) => `latent ${node.attrs.name}` },
  const: { written: 'name', describe: (node) => String(node.attrs.value) },
  apply: { written: 'name', describe: () => 'output' },
  add: operator(),
  sub: operator(),
  mul: operator(),
  div: operator(),
  pow: operator(),
  neg: operator(),
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
