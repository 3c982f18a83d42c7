// The interpreter's rendering of the term op table (src/ir/ops/terms.ts): for
// each expression-graph kind, the numerics call that computes it from its
// inputs' values. The mapped type makes TypeScript refuse a kind without an
// entry; src/codegen/typescriptOps.ts renders the same kinds as code.

import { tf, type Tensor } from './tf.js';
import type { ExprNodeOf, ExprOp } from '../ir/types.js';
import type { ForwardContext } from './context.js';
import { stopGradient } from './stopGradient.js';
import { oneHotLabels } from './labels.js';
import { bceLogitsLoss, bceLoss, crossEntropyLoss, l1Loss, mseLoss } from './expressions/losses.js';
import { meanAll, sumExamples } from './expressions/reduce.js';
import { cutoutImages, cutoutSquares } from './expressions/cutout.js';
import { addNoise, gradientPenaltyFromGradient, inputGradient, interpolate, klNormal, r1FromGradient, reparam } from './expressions/modelTerms.js';

/** What a term needs besides its inputs: batches, latents and networks, one forward pass per application. */
export interface TermEnv {
  readonly ctx: ForwardContext;
  data(source: number, field: string): Tensor;
  latent(name: string): Tensor;
  /** The outputs of application `call` of `network` (computed once per call). */
  application(network: string, call: number, inputs: readonly Tensor[]): readonly Tensor[];
  /** The first output of one more application of `network`, for a penalty's input gradient. */
  applyFirst(network: string, call: number, inputs: readonly Tensor[]): Tensor;
}

export type TermKernel<Op extends ExprOp> = (node: ExprNodeOf<Op>, args: readonly Tensor[], env: TermEnv) => Tensor;

export const NUMERICS_TERM_OPS: { readonly [Op in ExprOp]: TermKernel<Op> } = {
  data: (node, _args, env) => env.data(node.attrs.source, node.attrs.field),
  latent: (node, _args, env) => env.latent(node.attrs.name),
  const: (node) => tf.scalar(node.attrs.value),
  apply: (node, args, env) => env.application(node.attrs.network, node.attrs.call, args)[node.attrs.output]!,
  add: (_node, [a, b]) => tf.add(a!, b!),
  sub: (_node, [a, b]) => tf.sub(a!, b!),
  mul: (_node, [a, b]) => tf.mul(a!, b!),
  div: (_node, [a, b]) => tf.div(a!, b!),
  pow: (_node, [a, b]) => tf.pow(a!, b!),
  neg: (_node, [a]) => tf.neg(a!),
  mean: (_node, [a]) => meanAll(a!),
  sum: (_node, [a]) => sumExamples(a!),
  log: (_node, [a]) => tf.log(a!),
  exp: (_node, [a]) => tf.exp(a!),
  sqrt: (_node, [a]) => tf.sqrt(a!),
  abs: (_node, [a]) => tf.abs(a!),
  square: (_node, [a]) => tf.square(a!),
  relu: (_node, [a]) => tf.relu(a!),
  softplus: (_node, [a]) => tf.softplus(a!),
  clip: (node, [a]) => tf.clipByValue(a!, node.attrs.low, node.attrs.high),
  one_hot: (node, [a]) => oneHotLabels(a!, node.attrs.classes),
  concat: (_node, args) => tf.concat([...args], -1),
  detach: (_node, [a]) => stopGradient(a!),
  mse: (node, [a, b]) => mseLoss(a!, b!, node.attrs.reduce),
  l1: (node, [a, b]) => l1Loss(a!, b!, node.attrs.reduce),
  bce: (node, [a, b]) => bceLoss(a!, b!, node.attrs.reduce),
  bce_logits: (node, [a, b]) => bceLogitsLoss(a!, b!, node.attrs.reduce),
  cross_entropy: (node, [a, b]) => crossEntropyLoss(a!, b!, node.attrs.classes),
  kl_normal: (_node, [a, b]) => klNormal(a!, b!),
  reparam: (node, [a, b], env) => reparam(a!, b!, env.ctx.seed(node.attrs.slot, 0)),
  noise: (node, [a], env) => addNoise(a!, node.attrs.std, env.ctx.seed(node.attrs.slot, 0)),
  cutout: (node, [a], env) => cutoutImages(a!, node.attrs.size, node.attrs.fill, env.ctx.seed(node.attrs.slot, 0)),
  cutout_mask: (node, [a], env) => cutoutSquares(a!.shape, node.attrs.size, env.ctx.seed(node.attrs.slot, 0)),
  gradient_penalty: (node, [real, fake, ...extra], env) => {
    const xhat = interpolate(real!, fake!, env.ctx.seed(node.attrs.slot, 0));
    return gradientPenaltyFromGradient(inputGradient((x) => env.applyFirst(node.attrs.network, node.attrs.call, [x, ...extra]), xhat));
  },
  r1_penalty: (node, [real, ...extra], env) =>
    r1FromGradient(inputGradient((x) => env.applyFirst(node.attrs.network, node.attrs.call, [x, ...extra]), real!)),
};

/** Computes `node` through its entry (the cast is safe: the entry is looked up by the node's own kind). */
export function evaluateTableTerm(node: ExprNodeOf<ExprOp>, args: readonly Tensor[], env: TermEnv): Tensor {
  return (NUMERICS_TERM_OPS[node.op] as TermKernel<ExprOp>)(node, args, env);
}
