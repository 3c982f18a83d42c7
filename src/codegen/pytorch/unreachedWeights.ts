// Which networks a step trains without reaching all of their weights: there
// DistributedDataParallel needs `find_unused_parameters=True` (a weight that
// gets no gradient would leave the reducer waiting), and everywhere else it
// is left off, since it costs a graph traversal every forward pass. Read off
// the IR: the outputs a step's objective uses, traced back through each
// network's layers. A penalty's critic counts as partly reached, since the
// gradient of its input gradient misses the last bias.

import { dependencies } from '../../ir/dependencies.js';
import type { IrModule, Network } from '../../ir/types.js';

/** The names of networks some step is `over` but does not reach every weight of, sorted. */
export function partlyReachedNetworks(ir: IrModule): string[] {
  const partly = new Set<string>();
  for (const step of ir.train.steps) {
    const outputs = new Map<string, Set<number>>();
    const penalised = new Set<string>();
    for (const id of dependencies(ir.nodes, [step.objective])) {
      const node = ir.nodes[id]!;
      if (node.op === 'apply') {
        const used = outputs.get(node.attrs.network) ?? new Set<number>();
        used.add(node.attrs.output);
        outputs.set(node.attrs.network, used);
      } else if (node.op === 'gradient_penalty' || node.op === 'r1_penalty') {
        penalised.add(node.attrs.network);
      }
    }
    for (const name of step.over) {
      const network = ir.networks.find((n) => n.name === name);
      if (!network || network.weights.length === 0) continue;
      const used = outputs.get(name);
      const reached = used ? weightsBehind(network, [...used].map((o) => network.outputs[o]!.node)) : new Set<string>();
      if (reached.size < network.weights.length || (penalised.has(name) && !used)) partly.add(name);
    }
  }
  return [...partly].sort();
}

/** The weights the layers behind `roots` read (a layer's attributes name its weights by id). */
function weightsBehind(network: Network, roots: readonly number[]): Set<string> {
  const own = new Set(network.weights);
  const found = new Set<string>();
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const index = stack.pop()!;
    if (seen.has(index)) continue;
    seen.add(index);
    const node = network.nodes[index]!;
    for (const value of Object.values(node.attrs)) if (typeof value === 'string' && own.has(value)) found.add(value);
    stack.push(...node.inputs);
  }
  return found;
}
