// What the report and `aeganc runs` show of eval.json. `aeganc eval` writes
// {format, run, model, kind, step, split, ema, examples, sources, losses,
// metrics, generative} (docs/reference.md); its headline numbers are
// `metrics` (and `generative` once GAN metrics exist). A file of another
// shape is still shown: every number in it, by name.

import { numericLeaves, type Panel, type Point } from './lossSeries.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a result was measured, not what it measured. */
const CONTEXT = new Set(['format', 'step', 'iteration', 'epoch', 'examples', 'k']);

/** The numbers that sum a result up: `metrics` and `generative`, else every number but the context. */
export function evalHeadline(result: Readonly<Record<string, unknown>>): [string, number][] {
  if (isObject(result.metrics) || isObject(result.generative)) {
    return [...numericLeaves(result.metrics), ...numericLeaves(result.generative)].filter(([name]) => name !== 'k');
  }
  return numericLeaves(result).filter(([name]) => !CONTEXT.has(name));
}

export interface EvalGroup {
  readonly title: string;
  readonly rows: readonly (readonly [name: string, value: number | string])[];
}

/** The eval table of the report: metrics, held-out losses, then where it was measured. */
export function evalGroups(result: Readonly<Record<string, unknown>>): EvalGroup[] {
  const groups: EvalGroup[] = [];
  const known = isObject(result.metrics) || isObject(result.losses) || 'generative' in result;
  if (!known) return [{ title: 'eval.json', rows: Object.entries(result).flatMap(([k, v]) => describe(k, v)) }];
  const metrics = [...numericLeaves(result.metrics), ...numericLeaves(result.generative)];
  if (metrics.length > 0) groups.push({ title: 'metrics', rows: metrics });
  if (result.generative === null) groups.push({ title: 'generative metrics', rows: [['generative', 'not available']] });
  const losses = numericLeaves(result.losses);
  if (losses.length > 0) groups.push({ title: 'held-out losses', rows: losses });
  const rest = Object.entries(result).filter(([k]) => k !== 'metrics' && k !== 'losses' && k !== 'generative' && k !== OVER_TRAINING);
  if (rest.length > 0) groups.push({ title: 'measured on', rows: rest.flatMap(([k, v]) => describe(k, v)) });
  return groups;
}

/** A value as rows: numbers as numbers (nested ones by a.b), anything else as text. */
function describe(key: string, value: unknown): [string, number | string][] {
  if (typeof value === 'number') return [[key, value]];
  if (isObject(value)) {
    const leaves = numericLeaves(value).map(([k, v]): [string, number] => [`${key}.${k}`, v]);
    if (leaves.length > 0) return leaves;
  }
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [[key, value.join(', ')]];
  return [[key, value === null ? 'none' : JSON.stringify(value)]];
}

/** eval.json's key for a GAN's grids measured one by one (host/eval/samplesOverTraining.ts); drawn as curves, not rows. */
const OVER_TRAINING = 'samplesOverTraining';

/**
 * The curves of eval.json's `samplesOverTraining`: the kernel distance of each sample grid to
 * the real test split, and their classifier score beside real test images' (groups of a grid's size).
 * None when the key is missing or not of that shape.
 */
export function samplesOverTrainingPanels(result: Readonly<Record<string, unknown>> | undefined): Panel[] {
  const over = result?.[OVER_TRAINING];
  if (!isObject(over) || !Array.isArray(over.points)) return [];
  const column = (key: string): Point[] =>
    (over.points as unknown[]).flatMap((p) => (isObject(p) && typeof p.step === 'number' && typeof p[key] === 'number' && Number.isFinite(p[key]) ? [[p.step, p[key]] as Point] : []));
  const distance = column('kernelDistance');
  const score = column('classifierScore');
  const panels: Panel[] = [];
  if (distance.length > 0) {
    panels.push({ title: 'sample grids: kernel distance to the test split (classifier features; lower is better)', series: [{ label: 'kernel distance (KID)', kind: 'eval', points: distance }] });
  }
  if (score.length > 0) {
    const real = typeof over.realClassifierScore === 'number' ? over.realClassifierScore : undefined;
    const first = score[0]![0];
    const last = score.at(-1)![0];
    panels.push({
      title: 'sample grids: classifier score (1 … 10; higher is better)',
      series: [
        { label: 'generated', kind: 'eval', points: score },
        ...(real === undefined ? [] : [{ label: 'real test images', kind: 'train' as const, points: [[first, real], [last, real]] as Point[] }]),
      ],
    });
  }
  return panels;
}
