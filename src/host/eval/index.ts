// `aeganc eval`'s measurements, by model family (modelKind.ts): one file per
// family, this dispatcher, and the eval.json object (docs/reference.md).

import type { DataSourceSpec, IrModule } from '../../ir/types.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { heldOutLosses, type EvaluationWeights } from '../../numerics/heldOutLosses.js';
import { describeSource } from '../../ir/heldOut.js';
import { modelKind } from './modelKind.js';
import { reconstructionMetrics } from './autoencoder.js';
import { vaeMetrics } from './vae.js';
import { generativeMetrics, type GenerativeMetrics } from './generative.js';
import { generativeRows } from './generativeRows.js';
import type { SamplesOverTraining } from './samplesOverTraining.js';

export { DEFAULT_IMPORTANCE_SAMPLES } from './vae.js';

export interface EvalRequest {
  readonly ir: IrModule;
  readonly weights: EvaluationWeights;
  /** `tables[i]` holds out (or, with split `train`, is) `ir.data[i]`. */
  readonly tables: readonly DataTable[];
  readonly sources: readonly DataSourceSpec[];
  readonly split: 'test' | 'train';
  readonly ema: boolean;
  readonly run: string;
  /** The run directory, absolute: where its sample grids are. */
  readonly runDir: string;
  readonly step: number;
  /** Importance samples for a VAE's log-likelihood. */
  readonly k: number;
  /** Where the spec's data paths start (a Fashion-MNIST folder for its classifier). */
  readonly specDir: string;
}

/** eval.json (format 1). */
export interface EvalReport {
  readonly format: 1;
  readonly run: string;
  readonly model: string;
  readonly kind: 'autoencoder' | 'vae' | 'gan';
  readonly step: number;
  readonly split: 'test' | 'train';
  readonly ema: boolean;
  readonly examples: number;
  readonly sources: readonly string[];
  readonly losses: Record<string, number>;
  readonly metrics: Record<string, number>;
  readonly generative: GenerativeMetrics;
  /** Why `generative` is null for a GAN. */
  readonly generativeUnavailable?: string;
  /** A GAN's sample grids measured one by one: the kernel distance and recognised share over training. */
  readonly samplesOverTraining?: SamplesOverTraining;
}

/** The report, or why this model has none (E0518's `problem`). */
export async function evaluateModel(request: EvalRequest): Promise<{ report: EvalReport } | { problem: string }> {
  const { ir, weights, tables } = request;
  const kind = modelKind(ir);
  if (kind.kind === 'unsupported') return { problem: kind.problem };
  const batch = ir.train.batch;
  const losses = await heldOutLosses(ir, weights, tables, batch);
  let metrics: Record<string, number> = {};
  let generative: GenerativeMetrics = null;
  let generativeUnavailable: string | undefined;
  let overTraining: SamplesOverTraining | undefined;
  if (kind.kind === 'autoencoder' || kind.kind === 'vae') {
    const table = tables[kind.parts.source.index]!;
    metrics = { ...(await reconstructionMetrics(ir, kind.parts, weights, table, batch)) };
    if (kind.kind === 'vae') metrics = { ...metrics, ...(await vaeMetrics(ir, { ...kind.parts, mu: kind.mu, logvar: kind.logvar }, weights, table, batch, request.k)) };
  } else {
    ({ generative, unavailable: generativeUnavailable, overTraining } = await generativeMetrics(ir, weights, tables, request.specDir, request.runDir));
  }
  return {
    report: {
      format: 1,
      run: request.run,
      model: ir.name,
      kind: kind.kind,
      step: request.step,
      split: request.split,
      ema: request.ema,
      examples: losses.examples,
      sources: request.sources.map((spec, i) => describeHeldOut(spec, ir.data[i]?.classes)),
      losses: Object.fromEntries(losses.losses),
      metrics,
      generative,
      ...(generativeUnavailable !== undefined ? { generativeUnavailable } : {}),
      ...(overTraining ? { samplesOverTraining: overTraining } : {}),
    },
  };
}

/** The table `aeganc eval` prints. */
export function formatEvalReport(report: EvalReport): string {
  const lines = [`eval ${report.model} (${report.kind}) at step ${report.step}${report.ema ? ', EMA weights' : ''}: ${report.examples} ${report.split === 'test' ? 'held-out' : 'training'} examples of ${report.sources.join(', ')}`];
  const rows = (entries: [string, number][]) => {
    const width = Math.max(...entries.map(([name]) => name.length));
    return entries.map(([name, value]) => `  ${name.padEnd(width)}  ${format(value)}`);
  };
  const describe: Record<string, string> = {
    mse: 'mse (per pixel, 0..1)',
    bce: 'bce (per pixel, 0..1)',
    neg_elbo: '-elbo (nats per example)',
    recon: '  recon (summed bce)',
    kl: '  kl',
    nll_is: `nll (IS, k = ${report.metrics.k})`,
  };
  const metrics = Object.entries(report.metrics).filter(([name]) => name !== 'k').map(([name, v]) => [describe[name] ?? name, v] as [string, number]);
  if (metrics.length > 0) lines.push('metrics', ...rows(metrics));
  const losses = Object.entries(report.losses);
  if (losses.length > 0) lines.push('losses on this data', ...rows(losses));
  if (report.kind === 'gan') {
    if (report.generative) {
      const table = generativeRows(report.generative);
      const width = Math.max(...table.map((r) => r.metric.length));
      const valueWidth = Math.max(...table.map((r) => r.value.length));
      lines.push('generative metrics', ...table.map((r) => `  ${r.metric.padEnd(width)}  ${r.value.padStart(valueWidth)}  (${r.beside})`));
      if (report.samplesOverTraining) lines.push(overTrainingLine(report.samplesOverTraining));
    } else {
      lines.push(`generative metrics: not available (${report.generativeUnavailable ?? 'unknown reason'})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The first and last grid's kernel distance and classifier score, and the real level. */
function overTrainingLine(over: SamplesOverTraining): string {
  const first = over.points[0]!;
  const last = over.points.at(-1)!;
  return `samples over training (${over.points.length} grids of ${over.folder}/): kernel distance ${format(first.kernelDistance)} at step ${first.step} → ${format(last.kernelDistance)} at step ${last.step}; classifier score ${first.classifierScore.toFixed(2)} → ${last.classifierScore.toFixed(2)} (real test images ${over.realClassifierScore.toFixed(2)} in groups of ${first.images})`;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(4) : value.toFixed(4);
}

/**
 * A held-out source as the spec would write it, with the `classes:` its data line keeps
 * (the one-class protocol evaluates on one digit's test images, and eval.json says so).
 */
function describeHeldOut(spec: DataSourceSpec, classes: readonly number[] | undefined): string {
  const text = describeSource(spec);
  return classes === undefined ? text : `${text.slice(0, -1)}, classes: [${classes.join(', ')}])`;
}
