import type { Tensor } from './tf.js';
import type { Network } from '../ir/types.js';
import type { ForwardContext } from './context.js';
import { applyTableLayer } from './layerOps.js';

/**
 * One application of `network` to batched `inputs`: its nodes in order, each
 * reading earlier nodes' values and applied through the layer op table
 * (./layerOps.ts). `call` is the IR's number for this application; it picks
 * the seeds of the network's random slots.
 * Returns the network's outputs in declaration order.
 */
export function applyNetwork(network: Network, inputs: readonly Tensor[], ctx: ForwardContext, call: number): Tensor[] {
  const values: Tensor[] = [];
  for (const node of network.nodes) {
    if (node.op === 'input') values.push(inputs[node.attrs.index]!);
    else values.push(applyTableLayer(node, node.inputs.map((i) => values[i]!), ctx, call));
  }
  return network.outputs.map((output) => values[output.node]!);
}
