import type { Tensor } from './tf.js';
import type { LayerNode, Network } from '../ir/types.js';
import type { ForwardContext } from './context.js';
import { applyDense } from './layers/dense.js';
import { applyConv2d, applyConv2dTranspose } from './layers/conv.js';
import { applyLeakyRelu, applyRelu, applySigmoid, applySoftmax, applyTanh } from './layers/activations.js';
import { applyLayernorm, batchnormInference, batchnormTrain, movingAverage } from './layers/normalization.js';
import { spectralNormalize } from './layers/spectralNorm.js';
import { applyDropout, applyGaussianNoise } from './layers/regularization.js';
import { applyAdd, applyConcat, applyFlatten, applyReshape } from './layers/shape.js';
import { applyAvgpool, applyMaxpool, applyUpsample, poolPadding } from './layers/pooling.js';
import type { SpectralNorm } from '../ir/types.js';

/**
 * One application of `network` to batched `inputs`: its nodes in order, each
 * reading earlier nodes' values. `call` is the IR's number for this
 * application; it picks the seeds of the network's random slots.
 * Returns the network's outputs in declaration order.
 */
export function applyNetwork(network: Network, inputs: readonly Tensor[], ctx: ForwardContext, call: number): Tensor[] {
  const values: Tensor[] = [];
  for (const node of network.nodes) {
    const args = node.inputs.map((i) => values[i]!);
    values.push(applyLayer(node, args, inputs, ctx, call));
  }
  return network.outputs.map((output) => values[output.node]!);
}

function applyLayer(node: LayerNode, args: Tensor[], inputs: readonly Tensor[], ctx: ForwardContext, call: number): Tensor {
  const x = args[0]!;
  switch (node.op) {
    case 'input':
      return inputs[node.attrs.index]!;
    case 'dense': {
      const kernel = maybeSpectral(ctx.weight(node.attrs.kernel), node.attrs.spectral, ctx);
      return applyDense(x, kernel, ctx.weight(node.attrs.bias));
    }
    case 'conv2d': {
      const kernel = maybeSpectral(ctx.weight(node.attrs.kernel), node.attrs.spectral, ctx);
      return applyConv2d(x, kernel, ctx.weight(node.attrs.bias), node.attrs.stride, node.attrs.padding);
    }
    case 'conv2d_transpose': {
      const [h, w, c] = node.shape;
      const outShape = [x.shape[0]!, h!, w!, c!] as const;
      const { kernel, bias, stride, padding } = node.attrs;
      return applyConv2dTranspose(x, ctx.weight(kernel), ctx.weight(bias), outShape, stride, padding);
    }
    case 'flatten':
      return applyFlatten(x);
    case 'reshape':
      return applyReshape(x, node.attrs.target);
    case 'batchnorm': {
      const { gamma, beta, movingMean, movingVariance, momentum, epsilon } = node.attrs;
      if (!ctx.training) {
        return batchnormInference(
          x,
          ctx.weight(gamma),
          ctx.weight(beta),
          ctx.readState(movingMean),
          ctx.readState(movingVariance),
          epsilon,
        );
      }
      const result = batchnormTrain(x, ctx.weight(gamma), ctx.weight(beta), epsilon);
      ctx.writeState(movingMean, movingAverage(ctx.readState(movingMean), result.mean, momentum));
      ctx.writeState(movingVariance, movingAverage(ctx.readState(movingVariance), result.variance, momentum));
      return result.y;
    }
    case 'layernorm':
      return applyLayernorm(x, ctx.weight(node.attrs.gamma), ctx.weight(node.attrs.beta), node.attrs.epsilon);
    case 'dropout':
      return ctx.training && node.attrs.rate > 0 ? applyDropout(x, node.attrs.rate, ctx.seed(node.attrs.slot, call)) : x;
    case 'gaussian_noise':
      return ctx.training ? applyGaussianNoise(x, node.attrs.std, ctx.seed(node.attrs.slot, call)) : x;
    case 'upsample':
      return applyUpsample(x, node.attrs.factor);
    case 'maxpool':
    case 'avgpool': {
      const padding = poolPadding(x.shape[1]!, node.shape[0]!, node.attrs.size);
      return node.op === 'maxpool' ? applyMaxpool(x, node.attrs.size, padding) : applyAvgpool(x, node.attrs.size, padding);
    }
    case 'concat':
      return applyConcat(args);
    case 'add':
      return applyAdd(args);
    case 'relu':
      return applyRelu(x);
    case 'sigmoid':
      return applySigmoid(x);
    case 'tanh':
      return applyTanh(x);
    case 'softmax':
      return applySoftmax(x);
    case 'leaky_relu':
      return applyLeakyRelu(x, node.attrs.alpha);
  }
}

/** spectral_norm: one power iteration per training-mode application, none in inference. */
function maybeSpectral(kernel: Tensor, spectral: SpectralNorm | undefined, ctx: ForwardContext): Tensor {
  if (!spectral) return kernel;
  const iterations = ctx.training ? spectral.iterations : 0;
  const result = spectralNormalize(kernel, ctx.readState(spectral.u), iterations, spectral.epsilon);
  if (ctx.training) ctx.writeState(spectral.u, result.u);
  return result.kernel;
}

