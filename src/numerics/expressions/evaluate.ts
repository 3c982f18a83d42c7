import { tf, type Tensor } from '../tf.js';
import { dependencies } from '../../ir/dependencies.js';
import type { ExprNode, IrModule, Latent, Network } from '../../ir/types.js';
import type { ForwardContext } from '../context.js';
import { applyNetwork } from '../network.js';
import { stopGradient } from '../stopGradient.js';
import { oneHotLabels } from '../labels.js';
import { bceLogitsLoss, bceLoss, crossEntropyLoss, l1Loss, mseLoss } from './losses.js';
import { meanAll, sumExamples } from './reduce.js';
import {
  addNoise,
  gradientPenaltyFromGradient,
  inputGradient,
  interpolate,
  klNormal,
  r1FromGradient,
  reparam,
} from './modelTerms.js';

/** Where `data` and `latent` nodes get their batches; the same tensor for every use of a name. */
export interface BatchSource {
  data(source: number, field: string): Tensor;
  latent(latent: Latent): Tensor;
}


/**
 * Evaluates the expression graph's nodes that `roots` need, in id order.
 * Outputs of one network `call` share one forward pass. Returns every value
 * computed (the caller keeps what it needs; the rest dies with its tidy).
 */
export function evaluateNodes(
  ir: IrModule,
  roots: readonly number[],
  ctx: ForwardContext,
  batches: BatchSource,
): Map<number, Tensor> {
  const networks = new Map(ir.networks.map((n) => [n.name, n] as const));
  const latents = new Map(ir.latents.map((l) => [l.name, l] as const));
  const values = new Map<number, Tensor>();
  const calls = new Map<number, Tensor[]>();
  const network = (name: string): Network => networks.get(name)!;

  for (const id of dependencies(ir.nodes, roots)) {
    const node = ir.nodes[id]!;
    const args = node.inputs.map((i) => values.get(i)!);
    values.set(id, evaluateNode(node, args));
  }
  return values;

  function evaluateNode(node: ExprNode, args: Tensor[]): Tensor {
    const [a, b] = args as [Tensor, Tensor];
    switch (node.op) {
      case 'data':
        return batches.data(node.attrs.source, node.attrs.field);
      case 'latent':
        return batches.latent(latents.get(node.attrs.name)!);
      case 'const':
        return tf.scalar(node.attrs.value);
      case 'apply': {
        let outputs = calls.get(node.attrs.call);
        if (!outputs) {
          outputs = applyNetwork(network(node.attrs.network), args, ctx, node.attrs.call);
          calls.set(node.attrs.call, outputs);
        }
        return outputs[node.attrs.output]!;
      }
      case 'add':
        return tf.add(a, b);
      case 'sub':
        return tf.sub(a, b);
      case 'mul':
        return tf.mul(a, b);
      case 'div':
        return tf.div(a, b);
      case 'pow':
        return tf.pow(a, b);
      case 'neg':
        return tf.neg(a);
      case 'mean':
        return meanAll(a);
      case 'sum':
        return sumExamples(a);
      case 'log':
        return tf.log(a);
      case 'exp':
        return tf.exp(a);
      case 'sqrt':
        return tf.sqrt(a);
      case 'abs':
        return tf.abs(a);
      case 'square':
        return tf.square(a);
      case 'relu':
        return tf.relu(a);
      case 'softplus':
        return tf.softplus(a);
      case 'clip':
        return tf.clipByValue(a, node.attrs.low, node.attrs.high);
      case 'one_hot':
        return oneHotLabels(a, node.attrs.classes);
      case 'concat':
        return tf.concat(args, -1);
      case 'detach':
        return stopGradient(a);
      case 'mse':
        return mseLoss(a, b, node.attrs.reduce);
      case 'l1':
        return l1Loss(a, b, node.attrs.reduce);
      case 'bce':
        return bceLoss(a, b, node.attrs.reduce);
      case 'bce_logits':
        return bceLogitsLoss(a, b, node.attrs.reduce);
      case 'cross_entropy':
        return crossEntropyLoss(a, b, node.attrs.classes);
      case 'kl_normal':
        return klNormal(a, b);
      case 'reparam':
        return reparam(a, b, ctx.seed(node.attrs.slot, 0));
      case 'noise':
        return addNoise(a, node.attrs.std, ctx.seed(node.attrs.slot, 0));
      case 'gradient_penalty': {
        const [real, fake, ...extra] = args;
        const critic = network(node.attrs.network);
        const xhat = interpolate(real!, fake!, ctx.seed(node.attrs.slot, 0));
        const g = inputGradient((x) => applyNetwork(critic, [x, ...extra], ctx, node.attrs.call)[0]!, xhat);
        return gradientPenaltyFromGradient(g);
      }
      case 'r1_penalty': {
        const [real, ...extra] = args;
        const critic = network(node.attrs.network);
        const g = inputGradient((x) => applyNetwork(critic, [x, ...extra], ctx, node.attrs.call)[0]!, real!);
        return r1FromGradient(g);
      }
    }
  }
}
