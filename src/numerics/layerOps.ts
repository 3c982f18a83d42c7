// The interpreter's rendering of the layer op table (src/ir/ops/layers.ts):
// for each layer kind, the numerics call that applies it to a batch. The
// mapped type makes TypeScript refuse a kind without an entry. The
// TypeScript emitter's table (src/codegen/typescriptOps.ts) calls the same
// functions with the same arguments, which is what keeps the two back ends
// bit-identical.

import type { Tensor } from './tf.js';
import type { ForwardContext } from './context.js';
import type { BodyLayerOp, LayerNodeOf } from '../ir/types.js';
import { applyDense } from './layers/dense.js';
import { applyConv2d, applyConv2dTranspose } from './layers/conv.js';
import { applyLeakyRelu, applyRelu, applySigmoid, applySoftmax, applyTanh } from './layers/activations.js';
import { applyBatchnorm, applyInstancenorm, applyLayernorm } from './layers/normalization.js';
import { maybeSpectral } from './layers/spectralNorm.js';
import { applyDropout, applyGaussianNoise } from './layers/regularization.js';
import { applyAdd, applyConcat, applyFlatten, applyReshape } from './layers/shape.js';
import { applyAvgpool, applyMaxpool, applyUpsample } from './layers/pooling.js';
import { applyCrop, applyPad, applyResize } from './layers/spatial.js';

/** One layer applied to its input values (`args[0]` for one-input layers); `call` numbers the network application. */
export type LayerKernel<Op extends BodyLayerOp> = (node: LayerNodeOf<Op>, args: readonly Tensor[], ctx: ForwardContext, call: number) => Tensor;

export const NUMERICS_LAYER_OPS: { readonly [Op in BodyLayerOp]: LayerKernel<Op> } = {
  dense: (node, [x], ctx) => applyDense(x!, maybeSpectral(ctx.weight(node.attrs.kernel), node.attrs.spectral, ctx), ctx.weight(node.attrs.bias)),
  conv2d: (node, [x], ctx) => {
    const kernel = maybeSpectral(ctx.weight(node.attrs.kernel), node.attrs.spectral, ctx);
    return applyConv2d(x!, kernel, ctx.weight(node.attrs.bias), node.attrs.stride, node.attrs.padding);
  },
  conv2d_transpose: (node, [x], ctx) => {
    const [h, w, c] = node.shape;
    const { kernel, bias, stride, padding } = node.attrs;
    return applyConv2dTranspose(x!, ctx.weight(kernel), ctx.weight(bias), [x!.shape[0]!, h!, w!, c!], stride, padding);
  },
  flatten: (_node, [x]) => applyFlatten(x!),
  reshape: (node, [x]) => applyReshape(x!, node.attrs.target),
  batchnorm: (node, [x], ctx) => applyBatchnorm(ctx, x!, node.attrs),
  layernorm: (node, [x], ctx) => applyLayernorm(x!, ctx.weight(node.attrs.gamma), ctx.weight(node.attrs.beta), node.attrs.epsilon),
  dropout: (node, [x], ctx, call) => (ctx.training && node.attrs.rate > 0 ? applyDropout(x!, node.attrs.rate, ctx.seed(node.attrs.slot, call)) : x!),
  gaussian_noise: (node, [x], ctx, call) => (ctx.training ? applyGaussianNoise(x!, node.attrs.std, ctx.seed(node.attrs.slot, call)) : x!),
  upsample: (node, [x]) => applyUpsample(x!, node.attrs.factor),
  instancenorm: (node, [x], ctx) => {
    const { gamma, beta, epsilon } = node.attrs;
    return applyInstancenorm(x!, gamma === undefined ? undefined : ctx.weight(gamma), beta === undefined ? undefined : ctx.weight(beta), epsilon);
  },
  pad: (node, [x]) => applyPad(x!, node.attrs.sides, node.attrs.mode),
  crop: (node, [x]) => applyCrop(x!, node.attrs.sides),
  resize: (node, [x]) => applyResize(x!, node.attrs.height, node.attrs.width, node.attrs.method),
  maxpool: (node, [x]) => applyMaxpool(x!, node.attrs.size, node.attrs.padding),
  avgpool: (node, [x]) => applyAvgpool(x!, node.attrs.size, node.attrs.padding),
  concat: (_node, args) => applyConcat([...args]),
  add: (_node, args) => applyAdd([...args]),
  relu: (_node, [x]) => applyRelu(x!),
  sigmoid: (_node, [x]) => applySigmoid(x!),
  tanh: (_node, [x]) => applyTanh(x!),
  softmax: (_node, [x]) => applySoftmax(x!),
  leaky_relu: (node, [x]) => applyLeakyRelu(x!, node.attrs.alpha),
};

/** Applies `node` through its entry (the cast is safe: the entry is looked up by the node's own kind). */
export function applyTableLayer(node: LayerNodeOf<BodyLayerOp>, args: readonly Tensor[], ctx: ForwardContext, call: number): Tensor {
  return (NUMERICS_LAYER_OPS[node.op] as LayerKernel<BodyLayerOp>)(node, args, ctx, call);
}
