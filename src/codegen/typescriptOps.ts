// The TypeScript emitter's rendering of the layer op table
// (src/ir/ops/layers.ts): for each layer kind, the call generated code makes,
// the same numerics function with the same arguments as the interpreter's
// table (src/numerics/layerOps.ts). Facts the interpreter reads off tensors
// at run time but the IR knows (conv2d_transpose output sizes) are literals.
// The mapped type makes TypeScript refuse a kind without an entry.

import type { SpectralNorm } from '../ir/types.js';
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
