import type { IrModule } from '../ir/types.js';
import type { CliIo } from './io.js';

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

/** `aeganc check --summary`: a table per network, or one JSON line with `--format json`. */
export function printSummary(io: CliIo, module: SummarySource, format: 'text' | 'json'): void {
  const summaries = summarize(module);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file: module.file, summary: summaries })}\n`);
    return;
  }
  for (const s of summaries) {
    const rows = [['layer', 'type', 'output', 'params'], ...s.layers.map((l) => [l.name, l.type, `[${l.output.join(', ')}]`, count(l.parameters)])];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    io.stdout(`network ${s.network}(${s.inputs.map((i) => `${i.name}: [${i.shape.join(', ')}]`).join(', ')})\n`);
    for (const row of rows) io.stdout(`  ${row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}\n`);
    io.stdout(`  total ${count(s.trainable + s.nonTrainable)} parameters (trainable ${count(s.trainable)}, non-trainable ${count(s.nonTrainable)})\n\n`);
  }
}
