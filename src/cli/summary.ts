import type { IrModule } from '../ir/types.js';
import type { CliIo } from './io.js';

const count = (n: number) => n.toLocaleString('en-US');
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `aeganc check --summary`: Keras's model.summary() for each network. */
export function printSummary(io: CliIo, module: IrModule): void {
  for (const network of module.networks) {
    const rows: string[][] = [['layer', 'type', 'output', 'params']];
    let fixedTotal = 0;
    for (const node of network.nodes) {
      const owns = (t: { network: string; layer: string }) => t.network === network.name && t.layer === node.name;
      const trainable = module.weights.filter(owns).reduce((total, w) => total + size(w.shape), 0);
      const fixed = module.state.filter(owns).reduce((total, s) => total + size(s.shape), 0);
      fixedTotal += fixed;
      rows.push([node.name, node.op, `[${node.shape.join(', ')}]`, count(trainable + fixed)]);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const inputs = network.inputs.map((i) => `${i.name}: [${i.shape.join(', ')}]`).join(', ');
    io.stdout(`network ${network.name}(${inputs})\n`);
    for (const row of rows) io.stdout(`  ${row.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}\n`);
    io.stdout(`  total ${count(network.parameterCount + fixedTotal)} parameters (trainable ${count(network.parameterCount)}, non-trainable ${count(fixedTotal)})\n\n`);
  }
}
