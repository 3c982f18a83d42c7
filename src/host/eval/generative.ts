// GANs and decoders: the classifier-feature Fréchet distance, classifier
// score, class coverage and conditional accuracy of the spec's `sample`
// expression (generativeMetrics.ts). eval.json holds them under
// `generative`; when they cannot be measured (no sample, data no classifier
// knows), `generative` is null and the reason is kept beside it. The run's
// sample grids, measured the same way, give `samplesOverTraining`.

import type { IrModule } from '../../ir/types.js';
import type { EvaluationWeights } from '../../numerics/heldOutLosses.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { loadClassifier } from './classifierAssets.js';
import { classifierDatasetOf, generativeMetrics as measure, type GenerativeMetrics as Measured } from './generativeMetrics.js';
import { realSplits } from './realReference.js';
import { samplesOverTraining, type SamplesOverTraining } from './samplesOverTraining.js';

/** What the generative metrics report; `null` when they are not available. */
export type GenerativeMetrics = Measured | null;

export async function generativeMetrics(
  ir: IrModule,
  weights: EvaluationWeights,
  tables: readonly DataTable[],
  specDir: string,
  runDir: string,
): Promise<{ generative: GenerativeMetrics; unavailable?: string; overTraining?: SamplesOverTraining }> {
  const sample = ir.train.samples[0];
  if (!sample) return { generative: null, unavailable: 'the spec has no `sample` expression to draw from' };
  const result = await measure({ model: { ir, data: tables, weight: (id) => weights.weight(id), state: (id) => weights.state(id) }, sampleNode: sample.node, specDir });
  if (!result.value) return { generative: null, unavailable: result.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ') };
  // The classifier and real split the metrics above used: its weights are read from disk again
  // (tens of kilobytes), its outputs on the real split come from realSplits' cache.
  const fits = classifierDatasetOf(ir, specDir)!;
  const classifier = await loadClassifier(fits.dataset);
  const real = await realSplits(classifier, fits.dataset, fits.fashionDir);
  const overTraining = real.value ? await samplesOverTraining(runDir, classifier, real.value.test) : undefined;
  return { generative: result.value, ...(overTraining ? { overTraining } : {}) };
}
