// `check --summary`'s tables, as data and as text: what the CLI prints and the
// editor's hover shows. Keras's model.summary() is the model.
import type { IrModule } from './types.js';
import type { ResourceEstimate } from './resources.js';
import { MAX_TRAINING_BYTES, formatBytes, formatCount } from './limits.js';

const parameterCount = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export interface NetworkSummary {
  readonly network: string;
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly layers: readonly { readonly name: string; readonly type: string; readonly output: readonly number[]; readonly parameters: number }[];
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** What a summary reads: a whole module, or the networks of a file that does not check yet (the editor's hover). */
export type SummarySource = Pick<IrModule, 'file' | 'networks' | 'weights' | 'state'>;

/** Keras's model.summary() for each network, as data. */
export function summarize(module: SummarySource): NetworkSummary[] {
  return module.networks.map((network) => {
    let nonTrainable = 0;
    const layers = network.nodes.map((node) => {
      const owns = (t: { network: string; layer: string }) => t.network === network.name && t.layer === node.name;
      const trainable = module.weights.filter(owns).reduce((total, w) => total + parameterCount(w.shape), 0);
      const fixed = module.state.filter(owns).reduce((total, s) => total + parameterCount(s.shape), 0);
      nonTrainable += fixed;
      return { name: node.name, type: node.op, output: node.shape, parameters: trainable + fixed };
    });
    return { network: network.name, inputs: network.inputs, layers, trainable: network.parameterCount, nonTrainable };
  });
}

/** The Keras-style table of each network (also what the editor's hover shows). */
export function networkSummaryText(module: SummarySource): string {
  const out: string[] = [];
  for (const s of summarize(module)) {
    const rows = [['layer', 'type', 'output', 'params'], ...s.layers.map((l) => [l.name, l.type, `[${l.output.join(', ')}]`, formatCount(l.parameters)])];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    out.push(`network ${s.network}(${s.inputs.map((i) => `${i.name}: [${i.shape.join(', ')}]`).join(', ')})\n`);
    for (const row of rows) out.push(`  ${row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}\n`);
    out.push(`  total ${formatCount(s.trainable + s.nonTrainable)} parameters (trainable ${formatCount(s.trainable)}, non-trainable ${formatCount(s.nonTrainable)})\n\n`);
  }
  return out.join('');
}

/** The memory estimate the checker holds a run to (src/ir/resources.ts), in a few lines. */
export function resourcesText(model: string, r: ResourceEstimate): string {
  const rows = [
    ['weights', formatBytes(r.weightBytes)],
    ['optimizer state and gradients', formatBytes(r.trainingStateBytes)],
    [`activations per batch of ${formatCount(r.batch)}`, formatBytes(r.activationBytes)],
    ['estimated total', `${formatBytes(r.totalBytes)} (limit ${formatBytes(MAX_TRAINING_BYTES)})`],
  ];
  const width = Math.max(...rows.map((row) => row[0]!.length));
  const lines = [`model ${model}: ${formatCount(r.parameters)} parameters (trainable ${formatCount(r.trainable)}, non-trainable ${formatCount(r.nonTrainable)})\n`];
  for (const [label, value] of rows) lines.push(`  ${label!.padEnd(width)}  ${value}\n`);
  return lines.join('');
}
