// One entry per IR layer kind: the Python expression that applies it inside
// a network's `forward`. The table is keyed by `LayerOp` and typed so that a
// new layer kind in src/ir/types.ts fails to compile until it has an entry
// here (the shared op table under src/ir/ops can absorb these entries
// one for one: each is a pure function of the node and its environment).

import type { LayerNode, LayerOp, Shape } from '../../ir/types.js';
import { pyFloat, pyLiteral, pyNumber } from './pythonText.js';

/** The layer node whose `op` is `Op` (a node type may cover several ops, like maxpool | avgpool). */
type NodeWith<N, Op> = N extends { readonly op: infer O } ? (Op extends O ? N : never) : never;
export type LayerOf<Op extends LayerOp> = NodeWith<LayerNode, Op>;

/** What a layer's rendering may refer to, as Python text. */
export interface LayerEnv {
  /** The value of the node's `i`-th input. */
  readonly arg: (i: number) => string;
  readonly args: readonly string[];
  /** The spec-layout per-example shape of the node's `i`-th input. */
  readonly argShape: (i: number) => Shape;
  /** The forward's parameter for network input `index`. */
  readonly input: (index: number) => string;
  /** A weight of this network, as its module attribute (`self.dense_1_kernel`). */
  readonly weight: (id: string) => string;
}

type LayerRenderer<Op extends LayerOp> = (node: LayerOf<Op>, env: LayerEnv) => string;

const str = (s: string): string => JSON.stringify(s);

/** dense/conv2d kernels, wrapped in spectral_normalize where the spec says. */
function kernelOf(node: LayerOf<'dense' | 'conv2d'>, env: LayerEnv): string {
  const kernel = env.weight(node.attrs.kernel);
  const spectral = node.attrs.spectral;
  if (!spectral) return kernel;
  return `spectral_normalize(ctx, ${kernel}, ${str(node.op)}, ${str(spectral.u)}, ${spectral.iterations}, ${pyFloat(spectral.epsilon)})`;
}

/** Keras's pool padding, read off the IR's shapes: floor(H / size) is valid, ceil is same. */
function poolPadding(inputHeight: number, outputHeight: number, size: number): 'same' | 'valid' {
  return outputHeight === Math.floor(inputHeight / size) ? 'valid' : 'same';
}

const activation = (fn: string) => (_node: unknown, env: LayerEnv) => `${fn}(${env.arg(0)})`;

export const LAYERS: { readonly [Op in LayerOp]: LayerRenderer<Op> } = {
  input: (node, env) => env.input(node.attrs.index),
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
  maxpool: (node, env) => `maxpool(${env.arg(0)}, ${node.attrs.size}, ${str(poolPadding(env.argShape(0)[0]!, node.shape[0]!, node.attrs.size))})`,
  avgpool: (node, env) => `avgpool(${env.arg(0)}, ${node.attrs.size}, ${str(poolPadding(env.argShape(0)[0]!, node.shape[0]!, node.attrs.size))})`,
  concat: (_node, env) => `concat_last([${env.args.join(', ')}])`,
  add: (_node, env) => env.args.join(' + '),
  relu: activation('F.relu'),
  sigmoid: activation('torch.sigmoid'),
  tanh: activation('torch.tanh'),
  softmax: (_node, env) => `F.softmax(${env.arg(0)}, dim=channel_axis(${env.arg(0)}))`,
  leaky_relu: (node, env) => `F.leaky_relu(${env.arg(0)}, ${pyNumber(node.attrs.alpha)})`,
};

/** The Python expression of one layer node. */
export function renderLayer(node: LayerNode, env: LayerEnv): string {
  return (LAYERS[node.op] as LayerRenderer<LayerOp>)(node as never, env);
}
