// The PyTorch target's rendering of the term op table (src/ir/ops/terms.ts):
// for each kind of the let/loss graph (docs/ir.md, Values), the Python
// expression of a node. Keyed by `ExprOp` like src/numerics/termOps.ts and
// src/codegen/typescriptOps.ts: a new kind does not compile without its entry.

import type { ExprNodeOf, ExprOp } from '../../ir/types.js';
import { pyFloat } from './pythonText.js';

export interface ExprEnv {
  readonly arg: (i: number) => string;
  readonly args: readonly string[];
  /** The Python value holding the outputs of network application `call` (computed once per call). */
  readonly application: (network: string, call: number) => string;
  /** `lambda x: nets[...](run, ctx, call, x, extra...)[0]`: the critic inside a penalty. */
  readonly critic: (network: string, call: number, extra: readonly string[]) => string;
}

export type PytorchTermRendering<Op extends ExprOp> = (node: ExprNodeOf<Op>, env: ExprEnv) => string;

const str = (s: string): string => JSON.stringify(s);
const binary = (operator: string) => (_node: unknown, env: ExprEnv) => `${env.arg(0)} ${operator} ${env.arg(1)}`;
const call = (fn: string) => (_node: unknown, env: ExprEnv) => `${fn}(${env.args.join(', ')})`;

export const PYTORCH_TERM_OPS: { readonly [Op in ExprOp]: PytorchTermRendering<Op> } = {
  data: (node) => `batches.data(${node.attrs.source}, ${str(node.attrs.field)})`,
  latent: (node) => `batches.latent(${str(node.attrs.name)})`,
  const: (node) => `ctx.const(${pyFloat(node.attrs.value)})`,
  apply: (node, env) => `${env.application(node.attrs.network, node.attrs.call)}[${node.attrs.output}]`,
  add: binary('+'),
  sub: binary('-'),
  mul: binary('*'),
  div: binary('/'),
  pow: call('torch.pow'),
  neg: (_node, env) => `-${env.arg(0)}`,
  mean: call('mean_all'),
  sum: call('sum_examples'),
  log: call('torch.log'),
  exp: call('torch.exp'),
  sqrt: call('torch.sqrt'),
  abs: call('torch.abs'),
  square: call('torch.square'),
  relu: call('F.relu'),
  softplus: call('F.softplus'),
  clip: (node, env) => `torch.clamp(${env.arg(0)}, ${pyFloat(node.attrs.low)}, ${pyFloat(node.attrs.high)})`,
  one_hot: (node, env) => `one_hot(${env.arg(0)}, ${node.attrs.classes})`,
  concat: (_node, env) => `concat_last([${env.args.join(', ')}])`,
  detach: call('stop_gradient'),
  mse: (node, env) => `mse(${env.arg(0)}, ${env.arg(1)}, ${str(node.attrs.reduce)})`,
  l1: (node, env) => `l1(${env.arg(0)}, ${env.arg(1)}, ${str(node.attrs.reduce)})`,
  bce: (node, env) => `bce(${env.arg(0)}, ${env.arg(1)}, ${str(node.attrs.reduce)})`,
  bce_logits: (node, env) => `bce_logits(${env.arg(0)}, ${env.arg(1)}, ${str(node.attrs.reduce)})`,
  cross_entropy: (node, env) => `cross_entropy(${env.arg(0)}, ${env.arg(1)}, ${node.attrs.classes})`,
  kl_normal: call('kl_normal'),
  reparam: (node, env) => `reparam(ctx, ${env.arg(0)}, ${env.arg(1)}, ${node.attrs.slot})`,
  noise: (node, env) => `add_noise(ctx, ${env.arg(0)}, ${pyFloat(node.attrs.std)}, ${node.attrs.slot})`,
  cutout: (node, env) => `cutout(ctx, ${env.arg(0)}, ${node.attrs.size}, ${pyFloat(node.attrs.fill)}, ${node.attrs.slot})`,
  cutout_mask: (node, env) => `cutout_squares(ctx, ${env.arg(0)}, ${node.attrs.size}, ${node.attrs.slot})`,
  gradient_penalty: (node, env) => {
    const [real, fake, ...extra] = env.args;
    return `gradient_penalty(ctx, ${env.critic(node.attrs.network, node.attrs.call, extra)}, ${real}, ${fake}, ${node.attrs.slot})`;
  },
  r1_penalty: (node, env) => {
    const [real, ...extra] = env.args;
    return `r1_penalty(${env.critic(node.attrs.network, node.attrs.call, extra)}, ${real})`;
  },
};

/** The Python expression of one graph node (the cast is safe: the entry is looked up by the node's own kind). */
export function renderExpression(node: ExprNodeOf<ExprOp>, env: ExprEnv): string {
  return (PYTORCH_TERM_OPS[node.op] as PytorchTermRendering<ExprOp>)(node, env);
}
