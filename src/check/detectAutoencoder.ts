import type { AutoencoderRole, ExprNode, IrModule } from '../ir/types.js';

const PASS_THROUGH = new Set(['noise', 'cutout', 'detach']);

/** Follows noise/cutout/detach (and a VAE's `reparam`, through its `mu`) back to the node that produced a value. */
function origin(id: number, nodes: readonly ExprNode[]): ExprNode {
  let node = nodes[id]!;
  while (PASS_THROUGH.has(node.op) || node.op === 'reparam') node = nodes[node.inputs[0]!]!;
  return node;
}

/**
 * Recognises `loss = rec(x, decoder(... encoder(x) ...))`, so `reconstruct`,
 * `encode` and `decode` know which networks to use. Absent when nothing matches.
 */
export function detectAutoencoder(module: IrModule): AutoencoderRole | undefined {
  const { nodes } = module;
  for (const node of nodes) {
    if (node.op !== 'mse' && node.op !== 'l1' && node.op !== 'bce' && node.op !== 'bce_logits') continue;
    const target = nodes[node.inputs[0]!]!;
    const pred = nodes[node.inputs[1]!]!;
    if (target.op !== 'data' || pred.op !== 'apply' || pred.inputs.length !== 1) continue;
    const code = origin(pred.inputs[0]!, nodes);
    if (code.op !== 'apply' || code.inputs.length !== 1) continue;
    const input = origin(code.inputs[0]!, nodes);
    if (input.op !== 'data' || input.attrs.field !== target.attrs.field) continue;
    return { data: target.attrs.field, encoder: code.attrs.network, decoder: pred.attrs.network, codeOutput: code.attrs.output };
  }
  return undefined;
}
