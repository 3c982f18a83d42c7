import type { IrModule } from '../ir/types.js';
import type { CliIo } from './io.js';
import { estimateResources } from '../ir/resources.js';
import { MAX_TRAINING_BYTES } from '../ir/limits.js';
import { networkSummaryText, resourcesText, summarize } from '../ir/summary.js';

/** `aeganc check --summary`: a table per network and the memory estimate, or one JSON line with `--format json`. */
export function printSummary(io: CliIo, module: IrModule, format: 'text' | 'json'): void {
  const resources = estimateResources(module);
  if (format === 'json') {
    const { largestValue: _largest, ...numbers } = resources;
    io.stdout(`${JSON.stringify({ file: module.file, summary: summarize(module), resources: { ...numbers, limitBytes: MAX_TRAINING_BYTES } })}\n`);
    return;
  }
  io.stdout(networkSummaryText(module));
  io.stdout(resourcesText(module.name, resources));
}
