// The PyTorch target's rendering of the layer op table (src/ir/ops/layers.ts):
// for each layer kind, the Python expression that applies it inside a
// network's `forward`, calling the prelude.py function of the same name.
// Keyed by `BodyLayerOp` like the interpreter's table (src/numerics/layerOps.ts)
// and the TypeScript emitter's (src/codegen/typescriptOps.ts): the mapped type
// makes TypeScript refuse a new kind until it has its entry here. (`input` is
// not a layer: it is the forward's parameter, emitNetworkPy.ts names it.)

import type { BodyLayerOp, LayerNodeOf } from '../../ir/ops/layers.js';
import type { Shape } from '../../ir/types.js';
import { pyFloat, pyLiteral, pyNumber } from './pythonText.js';

/** What a layer's rendering may refer to, as Python text. */
export interface LayerEnv {
  /** The value of the node's `i`-th input. */
  readonly arg: (i: number) => string;
  readonly args: readonly string[];
  /** The spec-layout per-example shape of the node's `i`-th input. */
  readonly argShape: (i: number) => Shape;
  /** A weight of this network, as its module attribute (`self.dense_1_kernel`). */
  readonly weight: (id: string) => string;
}

export type PytorchLayerRendering<Op extends BodyLayerOp> = (node: LayerNodeOf<Op>, env: LayerEnv) => string;

const str = (s: string): string => JSON.stringify(s);

/** dense/conv2d kernels, wrapped in spectral_normalize where the spec says. */
function kernelOf(node: LayerNodeOf<'dense' | 'conv2d'>, env: LayerEnv): string {
  const kernel = env.weight(node.attrs.kernel);
  const spectral = node.attrs.spectral;
  if (!spectral) return kernel;
  return `spectral_normalize(ctx, ${kernel}, ${str(node.op)}, ${str(spectral.u)}, ${spectral.iterations}, ${pyFloat(spectral.epsilon)})`;
}

const activation = (fn: string) => (_node: unknown, env: LayerEnv) => `${fn}(${env.arg(0)})`;

export const PYTORCH_LAYER_OPS: { readonly [Op in BodyLayerOp]: PytorchLayerRendering<Op> } = {
  dense: (node, env) => `dense(${env.arg(0)}, ${kernelOf(node, env)}, ${env.weight(node.attrs.bias)})`,
  conv2d: (node, env) =>
    `conv2d(${env.arg(0)}, ${kernelOf(node, env)}, ${env.weight(node.attrs.bias)}, ${node.attrs.stride}, ${str(node.attrs.padding)})`,
  conv2d_transpose: (node, env) =>
    `conv2d_transpose(${env.arg(0)}, ${env.weight(node.attrs.kernel)}, ${env.weight(node.attrs.bias)}, ${node.attrs.stride}, ${str(node.attrs.padding)}, (${node.shape[0]}, ${node.shape[1]}))`,
  flatten: (_node, env) => `flatten(${env.arg(0)})`,
  reshape: (node, env) => `reshape(${env.arg(0)}, ${pyLiteral([...node.attrs.target])})`,
  batchnorm: (node, env) => {
    const a = node.attrs;
    return `batchnorm(ctx, ${env.arg(0)}, ${env.weight(a.gamma)}, ${env.weight(a.beta)}, ${str(a.movingMean)}, ${str(a.movingVariance)}, ${pyFloat(a.momentum)}, ${pyFloat(a.epsilon)})`;
  },
  layernorm: (node, env) => `layernorm(${env.arg(0)}, ${env.weight(node.attrs.gamma)}, ${env.weight(node.attrs.beta)}, ${pyFloat(node.attrs.epsilon)})`,
  dropout: (node, env) => `dropout(ctx, ${env.arg(0)}, ${pyFloat(node.attrs.rate)}, ${node.attrs.slot}, call)`,
  gaussian_noise: (node, env) => `gaussian_noise(ctx, ${env.arg(0)}, ${pyFloat(node.attrs.std)}, ${node.attrs.slot}, call)`,
  upsample: (node, env) => `upsample(${env.arg(0)}, ${node.attrs.factor})`,
  instancenorm: (node, env) => {
    const { gamma, beta, epsilon } = node.attrs;
    const optional = (id: string | undefined) => (id === undefined ? 'None' : env.weight(id));
    return `instancenorm(${env.arg(0)}, ${optional(gamma)}, ${optional(beta)}, ${pyFloat(epsilon)})`;
  },
  pad: (node, env) => `pad_image(${env.arg(0)}, ${pyLiteral([...node.attrs.sides])}, ${str(node.attrs.mode)})`,
  crop: (node, env) => `crop_image(${env.arg(0)}, ${pyLiteral([...node.attrs.sides])})`,
  resize: (node, env) => `resize_image(${env.arg(0)}, ${node.attrs.height}, ${node.attrs.width}, ${str(node.attrs.method)})`,
  maxpool: (node, env) => `maxpool(${env.arg(0)}, ${node.attrs.size}, ${str(node.attrs.padding)})`,
  avgpool: (node, env) => `avgpool(${env.arg(0)}, ${node.attrs.size}, ${str(node.attrs.padding)})`,
  concat: (_node, env) => `concat_last([${env.args.join(', ')}])`,
  add: (_node, env) => env.args.join(' + '),
  relu: activation('F.relu'),
  sigmoid: activation('torch.sigmoid'),
  tanh: activation('torch.tanh'),
  softmax: (_node, env) => `F.softmax(${env.arg(0)}, dim=channel_axis(${env.arg(0)}))`,
  leaky_relu: (node, env) => `F.leaky_relu(${env.arg(0)}, ${pyNumber(node.attrs.alpha)})`,
};

/** The Python expression of one layer node (the cast is safe: the entry is looked up by the node's own kind). */
export function renderLayer(node: LayerNodeOf<BodyLayerOp>, env: LayerEnv): string {
  return (PYTORCH_LAYER_OPS[node.op] as PytorchLayerRendering<BodyLayerOp>)(node, env);
}
