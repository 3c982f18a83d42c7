import type { Tensor } from '../tf.js';
import { dependencies } from '../../ir/dependencies.js';
import type { IrModule, Latent, Network } from '../../ir/types.js';
import type { ForwardContext } from '../context.js';
import { applyNetwork } from '../network.js';
import { evaluateTableTerm, type TermEnv } from '../termOps.js';

/** Where `data` and `latent` nodes get their batches; the same tensor for every use of a name. */
export interface BatchSource {
  data(source: number, field: string): Tensor;
  latent(latent: Latent): Tensor;
}

/**
 * Evaluates the expression graph's nodes that `roots` need, in id order,
 * each through the term op table (../termOps.ts). Outputs of one network
 * `call` share one forward pass. Returns every value computed (the caller
 * keeps what it needs; the rest dies with its tidy).
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
  const env: TermEnv = {
    ctx,
    data: (source, field) => batches.data(source, field),
    latent: (name) => batches.latent(latents.get(name)!),
    application(name, call, inputs) {
      let outputs = calls.get(call);
      if (!outputs) {
        outputs = applyNetwork(network(name), inputs, ctx, call);
        calls.set(call, outputs);
      }
      return outputs;
    },
    applyFirst: (name, call, inputs) => applyNetwork(network(name), inputs, ctx, call)[0]!,
  };

  for (const id of dependencies(ir.nodes, roots)) {
    const node = ir.nodes[id]!;
    values.set(id, evaluateTableTerm(node, node.inputs.map((i) => values.get(i)!), env));
  }
  return values;
}
