// The TypeScript emitter's rendering of the layer op table
// (src/ir/ops/layers.ts): for each layer kind, the call generated code makes,
// the same numerics function with the same arguments as the interpreter's
// table (src/numerics/layerOps.ts). Facts the interpreter reads off tensors
// at run time but the IR knows (conv2d_transpose output sizes) are literals.
// The mapped type makes TypeScript refuse a kind without an entry.

import type { ExprNodeOf, ExprOp, SpectralNorm } from '../ir/types.js';
import type { BodyLayerOp, LayerNodeOf } from '../ir/ops/layers.js';
import { numberLiteral, stringLiteral } from './identifiers.js';

/** What a rendering may use: shared helpers (recorded so the module copies them) and weights. */
export interface LayerRenderer {
  /** `helper(args…)`, recording `helper` as used. */
  use(helper: string, ...args: string[]): string;
  /** A weight by id: `ctx.weight("G/dense_1/kernel")`. */
  weight(id: string): string;
  /** A kernel, spectrally normalised when the IR says so. */
  kernel(id: string, spectral: SpectralNorm | undefined): string;
}

/** The expression computing a layer from its argument expressions (`args[0]` for one-input layers). */
export type LayerRendering<Op extends BodyLayerOp> = (node: LayerNodeOf<Op>, args: readonly string[], r: LayerRenderer) => string;

/** `[1, 2]` as code. */
export function shapeLiteral(shape: readonly number[]): string {
  return `[${shape.map(numberLiteral).join(', ')}]`;
}

const seed = (slot: number): string => `ctx.seed(${numberLiteral(slot)}, call)`;

export const TYPESCRIPT_LAYER_OPS: { readonly [Op in BodyLayerOp]: LayerRendering<Op> } = {
  dense: (node, [x], r) => r.use('applyDense', x!, r.kernel(node.attrs.kernel, node.attrs.spectral), r.weight(node.attrs.bias)),
  conv2d: (node, [x], r) =>
    r.use('applyConv2d', x!, r.kernel(node.attrs.kernel, node.attrs.spectral), r.weight(node.attrs.bias), numberLiteral(node.attrs.stride), stringLiteral(node.attrs.padding)),
  conv2d_transpose: (node, [x], r) => {
    const [h, w, c] = node.shape;
    const outShape = `[${x}.shape[0]!, ${numberLiteral(h!)}, ${numberLiteral(w!)}, ${numberLiteral(c!)}]`;
    return r.use('applyConv2dTranspose', x!, r.weight(node.attrs.kernel), r.weight(node.attrs.bias), outShape, numberLiteral(node.attrs.stride), stringLiteral(node.attrs.padding));
  },
  flatten: (_node, [x], r) => r.use('applyFlatten', x!),
  reshape: (node, [x], r) => r.use('applyReshape', x!, shapeLiteral(node.attrs.target)),
  batchnorm: (node, [x], r) => {
    const a = node.attrs;
    const ids = `{ gamma: ${stringLiteral(a.gamma)}, beta: ${stringLiteral(a.beta)}, movingMean: ${stringLiteral(a.movingMean)}, movingVariance: ${stringLiteral(a.movingVariance)}, momentum: ${numberLiteral(a.momentum)}, epsilon: ${numberLiteral(a.epsilon)} }`;
    return r.use('applyBatchnorm', 'ctx', x!, ids);
  },
  layernorm: (node, [x], r) => r.use('applyLayernorm', x!, r.weight(node.attrs.gamma), r.weight(node.attrs.beta), numberLiteral(node.attrs.epsilon)),
  // Rate 0 is the identity: the argument itself, which adds no statement.
  dropout: (node, [x], r) => (node.attrs.rate > 0 ? `ctx.training ? ${r.use('applyDropout', x!, numberLiteral(node.attrs.rate), seed(node.attrs.slot))} : ${x}` : x!),
  gaussian_noise: (node, [x], r) => `ctx.training ? ${r.use('applyGaussianNoise', x!, numberLiteral(node.attrs.std), seed(node.attrs.slot))} : ${x}`,
  upsample: (node, [x], r) => r.use('applyUpsample', x!, numberLiteral(node.attrs.factor)),
  instancenorm: (node, [x], r) => {
    const { gamma, beta, epsilon } = node.attrs;
    const optional = (id: string | undefined) => (id === undefined ? 'undefined' : r.weight(id));
    return r.use('applyInstancenorm', x!, optional(gamma), optional(beta), numberLiteral(epsilon));
  },
  pad: (node, [x], r) => r.use('applyPad', x!, shapeLiteral(node.attrs.sides), stringLiteral(node.attrs.mode)),
  crop: (node, [x], r) => r.use('applyCrop', x!, shapeLiteral(node.attrs.sides)),
  resize: (node, [x], r) => r.use('applyResize', x!, numberLiteral(node.attrs.height), numberLiteral(node.attrs.width), stringLiteral(node.attrs.method)),
  maxpool: (node, [x], r) => r.use('applyMaxpool', x!, numberLiteral(node.attrs.size), stringLiteral(node.attrs.padding)),
  avgpool: (node, [x], r) => r.use('applyAvgpool', x!, numberLiteral(node.attrs.size), stringLiteral(node.attrs.padding)),
  concat: (_node, args, r) => r.use('applyConcat', `[${args.join(', ')}]`),
  add: (_node, args, r) => r.use('applyAdd', `[${args.join(', ')}]`),
  relu: (_node, [x], r) => r.use('applyRelu', x!),
  sigmoid: (_node, [x], r) => r.use('applySigmoid', x!),
  tanh: (_node, [x], r) => r.use('applyTanh', x!),
  softmax: (_node, [x], r) => r.use('applySoftmax', x!),
  leaky_relu: (node, [x], r) => r.use('applyLeakyRelu', x!, numberLiteral(node.attrs.alpha)),
};

/** Renders `node` through its entry (the cast is safe: the entry is looked up by the node's own kind). */
export function renderTableLayer(node: LayerNodeOf<BodyLayerOp>, args: readonly string[], r: LayerRenderer): string {
  return (TYPESCRIPT_LAYER_OPS[node.op] as LayerRendering<BodyLayerOp>)(node, args, r);
}

// ───────────────────────────── expression terms ─────────────────────────────

/** What a term rendering may use besides helpers; the emitter's own bookkeeping stays in emitGraph.ts. */
export interface TermRenderer {
  use(helper: string, ...args: string[]): string;
  /** A new local holding `expression` (one statement, no comment), for a value inside a term. */
  local(wanted: string, expression: string): string;
  /** A name for a lambda's parameter. */
  claim(wanted: string): string;
  /** How generated code calls a network: its function, and its first output's property if it has named outputs. */
  network(name: string): { readonly functionName: string; readonly firstOutput?: string };
  /** Binds a data, latent or network-application node itself (it shares locals across uses). */
  bindShared(node: ExprNodeOf<'data' | 'latent' | 'apply'>, args: readonly string[]): null;
}

/**
 * A term as code: an expression the emitter binds to a new local (`v<id>`,
 * or `local` when given), or null when the renderer bound it.
 */
export type TermCode = string | { readonly expression: string; readonly local: string } | null;

export type TermRendering<Op extends ExprOp> = (node: ExprNodeOf<Op>, args: readonly string[], r: TermRenderer) => TermCode;

const termSeed = (slot: number): string => `ctx.seed(${numberLiteral(slot)}, 0)`;
const tfCall = (node: ExprNodeOf<ExprOp>, args: readonly string[]): string => `tf.${node.op}(${args.join(', ')})`;

/** A penalty: the critic's input gradient at `at`, reduced by `reduce`. */
function penalty(node: ExprNodeOf<'gradient_penalty' | 'r1_penalty'>, at: string, extra: readonly string[], reduce: string, r: TermRenderer): string {
  const critic = r.network(node.attrs.network);
  const input = r.claim('input');
  const applied = `${critic.functionName}(ctx, ${numberLiteral(node.attrs.call)}, ${[input, ...extra].join(', ')})`;
  const first = critic.firstOutput ? `${applied}.${critic.firstOutput}` : applied;
  return r.use(reduce, r.use('inputGradient', `(${input}: Tensor) => ${first}`, at));
}

export const TYPESCRIPT_TERM_OPS: { readonly [Op in ExprOp]: TermRendering<Op> } = {
  data: (node, args, r) => r.bindShared(node, args),
  latent: (node, args, r) => r.bindShared(node, args),
  apply: (node, args, r) => r.bindShared(node, args),
  const: (node) => ({ expression: `tf.scalar(${numberLiteral(node.attrs.value)})`, local: `c${node.id}` }),
  add: tfCall,
  sub: tfCall,
  mul: tfCall,
  div: tfCall,
  pow: tfCall,
  neg: tfCall,
  log: tfCall,
  exp: tfCall,
  sqrt: tfCall,
  abs: tfCall,
  square: tfCall,
  relu: tfCall,
  softplus: tfCall,
  mean: (_node, [a], r) => r.use('meanAll', a!),
  sum: (_node, [a], r) => r.use('sumExamples', a!),
  clip: (node, [a]) => `tf.clipByValue(${a}, ${numberLiteral(node.attrs.low)}, ${numberLiteral(node.attrs.high)})`,
  one_hot: (node, [a], r) => r.use('oneHotLabels', a!, numberLiteral(node.attrs.classes)),
  concat: (_node, args) => `tf.concat([${args.join(', ')}], -1)`,
  detach: (_node, [a], r) => r.use('stopGradient', a!),
  mse: (node, [a, b], r) => r.use('mseLoss', a!, b!, stringLiteral(node.attrs.reduce)),
  l1: (node, [a, b], r) => r.use('l1Loss', a!, b!, stringLiteral(node.attrs.reduce)),
  bce: (node, [a, b], r) => r.use('bceLoss', a!, b!, stringLiteral(node.attrs.reduce)),
  bce_logits: (node, [a, b], r) => r.use('bceLogitsLoss', a!, b!, stringLiteral(node.attrs.reduce)),
  cross_entropy: (node, [a, b], r) => r.use('crossEntropyLoss', a!, b!, numberLiteral(node.attrs.classes)),
  kl_normal: (_node, [a, b], r) => r.use('klNormal', a!, b!),
  reparam: (node, [a, b], r) => r.use('reparam', a!, b!, termSeed(node.attrs.slot)),
  noise: (node, [a], r) => r.use('addNoise', a!, numberLiteral(node.attrs.std), termSeed(node.attrs.slot)),
  cutout: (node, [a], r) => r.use('cutoutImages', a!, numberLiteral(node.attrs.size), numberLiteral(node.attrs.fill), termSeed(node.attrs.slot)),
  cutout_mask: (node, [a], r) => r.use('cutoutSquares', `${a!}.shape`, numberLiteral(node.attrs.size), termSeed(node.attrs.slot)),
  gradient_penalty: (node, [real, fake, ...extra], r) => {
    const xhat = r.local(`xhat${node.id}`, r.use('interpolate', real!, fake!, termSeed(node.attrs.slot)));
    return penalty(node, xhat, extra, 'gradientPenaltyFromGradient', r);
  },
  r1_penalty: (node, [real, ...extra], r) => penalty(node, real!, extra, 'r1FromGradient', r),
};

/** Renders `node` through its entry (the cast is safe: the entry is looked up by the node's own kind). */
export function renderTableTerm(node: ExprNodeOf<ExprOp>, args: readonly string[], r: TermRenderer): TermCode {
  return (TYPESCRIPT_TERM_OPS[node.op] as TermRendering<ExprOp>)(node, args, r);
}
