// `train --resume` continues a checkpoint, whose numbers mean something only
// under the spec that wrote them: resuming with an edited spec (sgd for adam,
// l1 for mse, `--set digit=4`) used to train on silently, the metrics log mixing
// two losses under one name. Here the run's own spec and the one given are
// compared on what the checkpoint depends on; what only shapes the run's length
// and output (batch, steps or epochs, sample grids, checkpoint and eval
// frequency) may change, as the corresponding flags may.

import path from 'node:path';
import type { DataSource, IrModule } from '../ir/types.js';

/** What differs, in words: `step \`ae\`: optimizer.kind is sgd, was adam`. */
export type SpecChange = string;

/** The first change between the module a run trained (`before`) and the one it would now continue with (`after`), or undefined. */
export function specChange(before: Compared, after: Compared): SpecChange | undefined {
  const parts = [...trainedParts(before).entries()];
  const now = trainedParts(after);
  for (const [name, value] of parts) {
    if (!now.has(name)) return `${name} is gone`;
    const difference = firstDifference(value, now.get(name), '');
    if (difference) return `${name}: ${difference}`;
  }
  const added = [...now.keys()].find((name) => !parts.some(([known]) => known === name));
  return added ? `${added} is new` : undefined;
}

/** A module and the directory its data paths are relative to. */
export interface Compared {
  readonly module: IrModule;
  readonly dataDir: string;
}

/** Every part of a module the trained values depend on, by a name a user recognises, without source positions. */
function trainedParts({ module: ir, dataDir }: Compared): Map<string, unknown> {
  const parts = new Map<string, unknown>();
  for (const source of ir.data) parts.set(`data \`${source.fields.map((f) => f.name).join(', ')}\``, dataPart(source, dataDir));
  for (const latent of ir.latents) parts.set(`latent \`${latent.name}\``, withoutPositions(latent));
  for (const network of ir.networks) parts.set(`network \`${network.name}\``, withoutPositions(network));
  for (const loss of ir.losses) parts.set(`loss \`${loss.name}\``, expression(ir, loss.node));
  ir.train.steps.forEach((step, i) => {
    parts.set(`step \`${step.name}\``, {
      position: i,
      objective: expression(ir, step.objective),
      reports: step.reports.map((r) => r.name),
      over: step.over,
      optimizer: step.optimizer,
      repeat: step.repeat,
    });
  });
  parts.set('the train block\'s `seed`', ir.train.seed);
  parts.set('the train block\'s `ema`', ir.train.ema);
  return parts;
}

/** A data source with its file paths resolved, so that the same file read from another spec's folder still matches. */
function dataPart(source: DataSource, dataDir: string): unknown {
  const spec = Object.fromEntries(
    Object.entries(source.spec).map(([key, value]) => [key, key !== 'kind' && key !== 'split' && key !== 'label' && typeof value === 'string' ? path.resolve(dataDir, value) : value]),
  );
  return withoutPositions({ spec, fields: source.fields, range: source.range, classes: source.classes });
}

/** The expression under `node`, its inputs written out (node ids differ when unrelated lines are added). */
function expression(ir: IrModule, node: number): unknown {
  const { op, attrs, type, inputs } = ir.nodes[node]!;
  return { op, attrs, type, inputs: inputs.map((input) => expression(ir, input)) };
}

/** `value` without its `source: { line, column }` positions (an attribute `source` that is a data source's index stays). */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !(key === 'source' && typeof v === 'object' && v !== null && 'line' in v))
      .map(([key, v]) => [key, withoutPositions(v)]),
  );
}

/** The first place where two JSON values differ, as `path is X, was Y`; undefined when equal. */
function firstDifference(before: unknown, after: unknown, at: string): string | undefined {
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      const inner = Array.isArray(before) ? `${at}[${key}]` : at === '' ? key : `${at}.${key}`;
      const found = firstDifference((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], inner);
      if (found) return found;
    }
    return undefined;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  const where = at === '' ? '' : `${at} `;
  return `${where}is ${shown(after)}, was ${shown(before)}`;
}

function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
