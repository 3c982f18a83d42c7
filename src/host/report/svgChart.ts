// A line chart as inline SVG: no script, no fonts to fetch, drawn the same
// in every browser. Training curves are averaged into at most MAX_POINTS
// buckets (a per-step loss is noise at that scale); held-out points are few
// and drawn as they are, with markers. The y axis is logarithmic when every
// value is positive and they span more than LOG_SPAN (a loss falling from 0.7
// to 0.01 is unreadable on a linear axis), linear otherwise (a critic's
// negative losses).

import { html, type Html } from './html.js';
import type { Panel, Point, Series } from './lossSeries.js';

const WIDTH = 520;
const HEIGHT = 230;
const MARGIN = { left: 58, right: 14, top: 12, bottom: 34 } as const;
export const MAX_POINTS = 400;
const LOG_SPAN = 20;
const TRAIN_COLOURS = ['#1f6fb4', '#2a9d3a', '#8e44ad', '#b5651d', '#c0392b', '#16a085'];
const EVAL_COLOUR = '#e67e22';

/** Means of consecutive runs of points, at most `max` of them. */
export function bucketMeans(points: readonly Point[], max = MAX_POINTS): { points: Point[]; perBucket: number } {
  if (points.length <= max) return { points: [...points], perBucket: 1 };
  const perBucket = Math.ceil(points.length / max);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += perBucket) {
    const slice = points.slice(i, i + perBucket);
    out.push([slice.reduce((s, p) => s + p[0], 0) / slice.length, slice.reduce((s, p) => s + p[1], 0) / slice.length]);
  }
  return { points: out, perBucket };
}

/** About `count` round tick values covering lo..hi. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  // k·step, rounded, so 0.6 is not 0.6000000000000001.
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)) || 0);
  return ticks;
}

/** Powers of ten in lo..hi (both positive), with 2× and 5× when fewer than three decades show. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  const decades = Math.log10(hi) - Math.log10(lo);
  const multiples = decades < 3 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of multiples) {
      const v = Number(`${m}e${e}`);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

/** A tick label: short, no float noise (0.30000000000000004). */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

interface Scale {
  readonly at: (v: number) => number;
  readonly ticks: readonly number[];
  readonly log: boolean;
}

function yScale(values: readonly number[]): Scale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  if (lo > 0 && hi / lo > LOG_SPAN) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    return { at: (v) => bottom - ((Math.log10(v) - a) / (b - a)) * (bottom - top), ticks: logTicks(lo, hi), log: true };
  }
  if (hi === lo) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    [lo, hi] = [lo - pad, hi + pad];
  } else {
    const pad = (hi - lo) * 0.05;
    [lo, hi] = [lo - pad, hi + pad];
  }
  return { at: (v) => bottom - ((v - lo) / (hi - lo)) * (bottom - top), ticks: linearTicks(lo, hi), log: false };
}

function xScale(values: readonly number[]): Scale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const [left, right] = [MARGIN.left, WIDTH - MARGIN.right];
  return { at: (v) => left + ((v - lo) / (hi - lo)) * (right - left), ticks: linearTicks(lo, hi, 6).filter((t) => Number.isInteger(t)), log: false };
}

const fixed = (v: number) => v.toFixed(1);

export interface DrawnSeries {
  readonly series: Series;
  readonly colour: string;
  readonly perBucket: number;
}

/** The SVG of one panel, how each series was drawn and whether the y axis is logarithmic (for its legend). */
export function renderChart(panel: Panel): { svg: Html; drawn: DrawnSeries[]; log: boolean } {
  let trainIndex = 0;
  const drawnSeries = panel.series.map((series) => {
    const { points, perBucket } = series.kind === 'train' ? bucketMeans(series.points) : { points: [...series.points], perBucket: 1 };
    const colour = series.kind === 'eval' ? EVAL_COLOUR : TRAIN_COLOURS[trainIndex++ % TRAIN_COLOURS.length]!;
    return { series, colour, perBucket, points };
  });
  const all = drawnSeries.flatMap((d) => d.points);
  if (all.length === 0) return { svg: html`<p class="empty">no values</p>`, drawn: [], log: false };
  const x = xScale(all.map((p) => p[0]));
  const y = yScale(all.map((p) => p[1]));
  const [left, right, top, bottom] = [MARGIN.left, WIDTH - MARGIN.right, MARGIN.top, HEIGHT - MARGIN.bottom];
  const grid = y.ticks.map(
    (t) => html`<line class="grid" x1="${left}" x2="${right}" y1="${fixed(y.at(t))}" y2="${fixed(y.at(t))}"/><text class="tick" x="${left - 6}" y="${fixed(y.at(t) + 4)}" text-anchor="end">${formatNumber(t)}</text>`,
  );
  const xTicks = x.ticks.map((t) => html`<text class="tick" x="${fixed(x.at(t))}" y="${bottom + 14}" text-anchor="middle">${formatNumber(t)}</text>`);
  const curves = drawnSeries.map((d) => {
    const coordinates = d.points.map((p) => `${fixed(x.at(p[0]))},${fixed(y.at(p[1]))}`).join(' ');
    const markers =
      d.series.kind === 'eval' || d.points.length === 1
        ? d.points.map((p) => html`<circle cx="${fixed(x.at(p[0]))}" cy="${fixed(y.at(p[1]))}" r="3" fill="${d.colour}"/>`)
        : [];
    return html`<g class="series" data-kind="${d.series.kind}" data-label="${d.series.label}"><polyline class="curve ${d.series.kind}" points="${coordinates}" stroke="${d.colour}"/>${markers}</g>`;
  });
  const svg = html`<svg class="chart" data-scale="${y.log ? 'log' : 'linear'}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${panel.title}">
<rect class="plot" x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/>
${grid}${xTicks}
<text class="axis" x="${(left + right) / 2}" y="${HEIGHT - 3}" text-anchor="middle">step</text>
${curves}
</svg>`;
  return { svg, drawn: drawnSeries.map(({ series, colour, perBucket }) => ({ series, colour, perBucket })), log: y.log };
}
