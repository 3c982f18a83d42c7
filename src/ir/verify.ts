import type { IrModule, LayerNode } from './types.js';

/**
 * Checks the invariants both back ends rely on. Returns one line per broken
 * invariant; an empty list means the IR is well formed. A non-empty list is a
 * compiler bug, never a user error.
 */
export function verifyIr(module: IrModule): string[] {
  const problems: string[] = [];
  const fail = (text: string) => problems.push(text);
  const weightIds = new Set(module.weights.map((w) => w.id));
  const stateIds = new Set(module.state.map((s) => s.id));
  const networkNames = new Set(module.networks.map((n) => n.name));
  if (weightIds.size !== module.weights.length) fail('weight ids are not unique');
  if (networkNames.size !== module.networks.length) fail('network names are not unique');

  for (const network of module.networks) {
    network.nodes.forEach((node, index) => {
      for (const input of node.inputs) if (!(input >= 0 && input < index)) fail(`${network.name}.${node.name}: input ${input} is not an earlier node`);
      if (node.shape.some((d) => !Number.isInteger(d) || d <= 0)) fail(`${network.name}.${node.name}: bad shape [${node.shape}]`);
      for (const id of referencedTensors(node)) {
        if (!weightIds.has(id) && !stateIds.has(id)) fail(`${network.name}.${node.name}: unknown tensor ${id}`);
      }
    });
    for (const output of network.outputs) if (!network.nodes[output.node]) fail(`${network.name}: output node ${output.node} missing`);
    for (const id of network.weights) if (!weightIds.has(id)) fail(`${network.name}: unknown weight ${id}`);
  }
  module.nodes.forEach((node, index) => {
    if (node.id !== index) fail(`node ${index} has id ${node.id}`);
    for (const input of node.inputs) if (!(input >= 0 && input < index)) fail(`node ${index} (${node.op}): input ${input} is not an earlier node`);
    if ('network' in node.attrs && !networkNames.has(node.attrs.network)) fail(`node ${index}: unknown network ${node.attrs.network}`);
    if ('slot' in node.attrs && !(node.attrs.slot >= 0 && node.attrs.slot < module.slotCount)) fail(`node ${index}: slot out of range`);
  });
  for (const step of module.train.steps) {
    if (!module.nodes[step.objective]) fail(`step ${step.name}: objective node missing`);
    else if (module.nodes[step.objective]!.type.kind !== 'tensor' || (module.nodes[step.objective]!.type as { shape: readonly number[] }).shape.length !== 0) fail(`step ${step.name}: objective is not a scalar`);
    for (const id of step.weights) if (!weightIds.has(id)) fail(`step ${step.name}: unknown weight ${id}`);
    for (const name of step.over) if (!networkNames.has(name)) fail(`step ${step.name}: unknown network ${name}`);
  }
  for (const sample of module.train.samples) if (!module.nodes[sample.node]) fail('sample node missing');
  if (module.train.evaluation && module.train.evaluation.heldOut.length !== module.data.length) fail('eval needs one held-out source per data source');
  return problems;
}

function referencedTensors(node: LayerNode): string[] {
  const attrs = node.attrs as Record<string, unknown>;
  const ids = ['kernel', 'bias', 'gamma', 'beta', 'movingMean', 'movingVariance'].flatMap((key) => (typeof attrs[key] === 'string' ? [attrs[key] as string] : []));
  const spectral = attrs.spectral as { u: string } | undefined;
  return spectral ? [...ids, spectral.u] : ids;
}
