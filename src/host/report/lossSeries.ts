// The curves of a run, read from metrics.jsonl records as loosely as the
// records may grow: every finite number under a record's `losses` is a point
// of that loss's training curve, every finite number under its `eval` part
// (only under `eval.losses` when there is one: `eval.examples` is a count, not
// a loss; or under `losses` of a record whose `kind` is "eval") a point of
// its held-out curve, and `grad_norms` gives one gradient-norm curve per step. The x of a
// point is the record's `step` (or `iteration`); a record without one is
// skipped. Unknown keys are ignored.

import type { MetricsRecord } from './runContents.js';

export type Point = readonly [x: number, y: number];

export interface Series {
  readonly label: string;
  readonly kind: 'train' | 'eval';
  readonly points: readonly Point[];
}

/** One chart: a loss's training and held-out curves, or the gradient norms of every step. */
export interface Panel {
  readonly title: string;
  readonly series: readonly Series[];
}

/** Keys of an eval part that say where it was measured, not what. */
const NOT_METRICS = new Set(['step', 'iteration', 'epoch']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordStep(record: MetricsRecord): number | undefined {
  const step = record.step ?? record.iteration;
  return typeof step === 'number' && Number.isFinite(step) ? step : undefined;
}

/** The finite numbers of `value` by name; nested objects join names with '.', and a `losses` level adds no name. */
export function numericLeaves(value: unknown, prefix = ''): [string, number][] {
  if (!isObject(value)) return [];
  const out: [string, number][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (prefix === '' && NOT_METRICS.has(key)) continue;
    const name = key === 'losses' ? prefix : prefix === '' ? key : `${prefix}.${key}`;
    if (typeof inner === 'number' && Number.isFinite(inner)) out.push([name || key, inner]);
    else if (isObject(inner)) out.push(...numericLeaves(inner, name));
  }
  return out;
}

class SeriesBuilder {
  private readonly byKey = new Map<string, { label: string; kind: Series['kind']; points: Point[] }>();
  add(group: string, label: string, kind: Series['kind'], x: number, y: number): void {
    const key = `${group}\u0000${kind}\u0000${label}`;
    let entry = this.byKey.get(key);
    if (!entry) this.byKey.set(key, (entry = { label, kind, points: [] }));
    entry.points.push([x, y]);
  }
  entries(): [string, Series][] {
    return [...this.byKey.entries()].map(([key, s]) => [key.split('\u0000')[0]!, s]);
  }
}

/** The held-out losses of a record's eval part: its `losses` when it has them, else its numbers. */
export function evalLosses(part: unknown): [string, number][] {
  return isObject(part) && isObject(part.losses) ? numericLeaves(part.losses) : numericLeaves(part);
}

/** The panels of a report: one per loss (in first-seen order), then the gradient norms. */
export function lossPanels(records: readonly MetricsRecord[]): Panel[] {
  const losses = new SeriesBuilder();
  const norms = new SeriesBuilder();
  for (const record of records) {
    const step = recordStep(record);
    if (step === undefined) continue;
    const isEvalRecord = record.kind === 'eval';
    for (const [name, value] of numericLeaves({ losses: record.losses })) losses.add(name, name, isEvalRecord ? 'eval' : 'train', step, value);
    for (const [name, value] of evalLosses(record.eval)) losses.add(name, name, 'eval', step, value);
    for (const [name, value] of numericLeaves(record.grad_norms)) norms.add('', `step ${name}`, 'train', step, value);
  }
  const panels = new Map<string, Series[]>();
  for (const [group, series] of losses.entries()) {
    const list = panels.get(group) ?? [];
    list.push(series);
    panels.set(group, list);
  }
  const out: Panel[] = [...panels.entries()].map(([title, series]) => ({
    title,
    // Training first, so the held-out curve is drawn on top of it.
    series: [...series].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'train' ? -1 : 1)),
  }));
  const normSeries = norms.entries().map(([, s]) => s);
  if (normSeries.length > 0) out.push({ title: 'gradient norm (L2) per step', series: normSeries });
  return out;
}

/** The last value of each loss (training and held-out) and the last step, for the runs table. */
export function lastValues(records: readonly MetricsRecord[]): { step?: number; epoch?: number; losses: [string, number][]; held: [string, number][] } {
  let step: number | undefined;
  let epoch: number | undefined;
  const losses = new Map<string, number>();
  const held = new Map<string, number>();
  for (const record of records) {
    const at = recordStep(record);
    if (at === undefined) continue;
    step = Math.max(step ?? at, at);
    if (typeof record.epoch === 'number') epoch = record.epoch;
    const target = record.kind === 'eval' ? held : losses;
    for (const [name, value] of numericLeaves({ losses: record.losses })) target.set(name, value);
    for (const [name, value] of evalLosses(record.eval)) held.set(name, value);
  }
  return { ...(step !== undefined ? { step } : {}), ...(epoch !== undefined ? { epoch } : {}), losses: [...losses], held: [...held] };
}
