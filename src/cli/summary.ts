import type { IrModule } from '../ir/types.js';
import type { CliIo } from './io.js';
import { estimateResources, type ResourceEstimate } from '../ir/resources.js';
import { MAX_TRAINING_BYTES, formatBytes } from '../ir/limits.js';

const count = (n: number) => n.toLocaleString('en-US');
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

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
      const trainable = module.weights.filter(owns).reduce((total, w) => total + size(w.shape), 0);
      const fixed = module.state.filter(owns).reduce((total, s) => total + size(s.shape), 0);
      nonTrainable += fixed;
      return { name: node.name, type: node.op, output: node.shape, parameters: trainable + fixed };
    });
    return { network: network.name, inputs: network.inputs, layers, trainable: network.parameterCount, nonTrainable };
  });
}

/** `aeganc check --summary`: a table per network and the memory estimate, or one JSON line with `--format json`. */
export function printSummary(io: CliIo, module: IrModule, format: 'text' | 'json'): void {
  const resources = estimateResources(module);
  if (format === 'json') {
    const { largestValue: _largest, ...numbers } = resources;
    io.stdout(`${JSON.stringify({ file: module.file, summary: summarize(module), resources: { ...numbers, limitBytes: MAX_TRAINING_BYTES } })}\n`);
    return;
  }
  printNetworkSummaries(io, module);
  printResources(io, module.name, resources);
}

/** The Keras-style table of each network (also what the editor's hover shows). */
export function printNetworkSummaries(io: CliIo, module: SummarySource): void {
  for (const s of summarize(module)) {
    const rows = [['layer', 'type', 'output', 'params'], ...s.layers.map((l) => [l.name, l.type, `[${l.output.join(', ')}]`, count(l.parameters)])];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    io.stdout(`network ${s.network}(${s.inputs.map((i) => `${i.name}: [${i.shape.join(', ')}]`).join(', ')})\n`);
    for (const row of rows) io.stdout(`  ${row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}\n`);
    io.stdout(`  total ${count(s.trainable + s.nonTrainable)} parameters (trainable ${count(s.trainable)}, non-trainable ${count(s.nonTrainable)})\n\n`);
  }
}

/** The memory estimate the checker holds a run to (src/ir/resources.ts), in a few lines. */
function printResources(io: CliIo, model: string, r: ResourceEstimate): void {
  const rows = [
    ['weights', formatBytes(r.weightBytes)],
    ['optimizer state and gradients', formatBytes(r.trainingStateBytes)],
    [`activations per batch of ${count(r.batch)}`, formatBytes(r.activationBytes)],
    ['estimated total', `${formatBytes(r.totalBytes)} (limit ${formatBytes(MAX_TRAINING_BYTES)})`],
  ];
  const width = Math.max(...rows.map((row) => row[0]!.length));
  io.stdout(`model ${model}: ${count(r.parameters)} parameters (trainable ${count(r.trainable)}, non-trainable ${count(r.nonTrainable)})\n`);
  for (const [label, value] of rows) io.stdout(`  ${label!.padEnd(width)}  ${value}\n`);
}
