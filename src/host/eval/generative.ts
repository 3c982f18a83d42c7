// GANs and decoders: the classifier-feature Fréchet distance, class coverage
// and conditional accuracy come from the metrics library (issue 9, h/metrics).
// Until it is merged this is the one place to call it from; eval.json then
// holds its object under `generative`, and the table prints it.

import type { IrModule } from '../../ir/types.js';
import type { EvaluationWeights } from '../../numerics/heldOutLosses.js';
import type { DataTable } from '../../numerics/dataTable.js';

/** What the generative metrics report; `null` while they are not available. */
export type GenerativeMetrics = Record<string, unknown> | null;

export async function generativeMetrics(_ir: IrModule, _weights: EvaluationWeights, _heldOut: readonly DataTable[]): Promise<GenerativeMetrics> {
  return null;
}
