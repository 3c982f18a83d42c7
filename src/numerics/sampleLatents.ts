// The latents of a controlled sample grid (`aeganc sample --class/--interpolate/
// --traverse/--seed`). A plain grid draws each latent as training does
// (drawLatent); the other layouts lay the grid out as `rows` rows of
// `columns` cells and give each row a path through latent space:
//   interpolate: from one draw to another; spherical (slerp) around the mean
//     for normal latents, whose draws lie near a sphere, where a straight line
//     would pass through the improbable centre; linear for uniform latents;
//   traverse: every latent at its prior centre (the mean; the middle of a
//     uniform range) but one dimension per row, swept over mean ± 3·std (the
//     range of a uniform latent), as β-VAE papers show what each unit encodes.
// Categorical latents (the class of a conditional generator) hold one value
// per row, drawn, or `classLabel` everywhere.

import { tf, type Tensor } from './tf.js';
import type { Latent } from '../ir/types.js';
import { drawLatent } from './latents.js';
import { oneHotLabels } from './labels.js';

export type SampleLayout =
  | { readonly kind: 'draw' }
  | { readonly kind: 'interpolate'; readonly columns: number }
  /** `latent` is the one whose dimensions are swept. */
  | { readonly kind: 'traverse'; readonly columns: number; readonly latent: string };

export interface SamplePlan {
  readonly layout: SampleLayout;
  /** Every categorical latent takes this class. */
  readonly classLabel?: number;
}

/** How far a traversal sweeps a normal latent, in standard deviations. */
export const TRAVERSAL_STDS = 3;

/**
 * `count` values of `latent` for `plan`. `seeds(k)` is the seed of the k-th
 * independent draw (k = 0 is the plain grid's draw).
 */
export function plannedLatent(latent: Latent, count: number, plan: SamplePlan, seeds: (k: number) => number): Tensor {
  const distribution = latent.distribution;
  if (distribution.kind === 'categorical') return categoricalLatent(latent, count, plan, seeds(0));
  const layout = plan.layout;
  if (layout.kind === 'draw') return drawLatent(latent, count, seeds(0));
  const rows = Math.ceil(count / layout.columns);
  const size = latent.type.kind === 'tensor' ? latent.type.shape.reduce((a, b) => a * b, 1) : 1;
  const shape = latent.type.kind === 'tensor' ? [count, ...latent.type.shape] : [count];
  const values =
    layout.kind === 'interpolate'
      ? interpolatedValues(latent, rows, layout.columns, size, seeds)
      : layout.latent === latent.name
        ? traversedValues(latent, rows, layout.columns, size)
        : new Float32Array(rows * layout.columns * size).fill(centre(latent));
  return tf.tensor(values.subarray(0, count * size), shape, 'float32');
}

function centre(latent: Latent): number {
  const d = latent.distribution;
  return d.kind === 'normal' ? d.mean : d.kind === 'uniform' ? (d.low + d.high) / 2 : 0;
}

/** Row r is one class (drawn, or `classLabel`) across its columns. */
function categoricalLatent(latent: Latent, count: number, plan: SamplePlan, seed: number): Tensor {
  const classes = latent.distribution.kind === 'categorical' ? latent.distribution.classes : 1;
  return tf.tidy(() => {
    let labels: Tensor;
    if (plan.classLabel !== undefined) labels = tf.fill([count], plan.classLabel, 'int32');
    else if (plan.layout.kind === 'draw') return drawLatent(latent, count, seed);
    else {
      const columns = plan.layout.columns;
      const perRow = (drawLatent({ ...latent, type: { kind: 'class', classes } }, Math.ceil(count / columns), seed).dataSync() as Int32Array);
      labels = tf.tensor1d(Int32Array.from({ length: count }, (_, i) => perRow[Math.floor(i / columns)]!), 'int32');
    }
    return latent.type.kind === 'class' ? labels : oneHotLabels(labels, classes);
  });
}

/** Each row: `columns` points from a draw (seed 0) to another (seed 1), endpoints included. */
function interpolatedValues(latent: Latent, rows: number, columns: number, size: number, seeds: (k: number) => number): Float32Array {
  const [from, to] = [0, 1].map((k) => {
    const draw = drawLatent(latent, rows, seeds(k));
    const values = draw.dataSync() as Float32Array;
    draw.dispose();
    return values;
  }) as [Float32Array, Float32Array];
  const mean = centre(latent);
  const spherical = latent.distribution.kind === 'normal';
  const out = new Float32Array(rows * columns * size);
  for (let r = 0; r < rows; r++) {
    const a = Array.from(from.subarray(r * size, (r + 1) * size), (v) => v - mean);
    const b = Array.from(to.subarray(r * size, (r + 1) * size), (v) => v - mean);
    for (let c = 0; c < columns; c++) {
      const t = columns === 1 ? 0 : c / (columns - 1);
      const point = spherical ? slerp(a, b, t) : a.map((v, i) => v + (b[i]! - v) * t);
      for (let i = 0; i < size; i++) out[(r * columns + c) * size + i] = point[i]! + mean;
    }
  }
  return out;
}

/** Spherical interpolation; linear where the two points are (anti)parallel and the sphere gives no path. */
export function slerp(a: readonly number[], b: readonly number[], t: number): number[] {
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const [na, nb] = [norm(a), norm(b)];
  const cos = na === 0 || nb === 0 ? 1 : Math.min(1, Math.max(-1, a.reduce((s, x, i) => s + x * b[i]!, 0) / (na * nb)));
  const omega = Math.acos(cos);
  const sin = Math.sin(omega);
  if (sin < 1e-6) return a.map((v, i) => v + (b[i]! - v) * t);
  const [wa, wb] = [Math.sin((1 - t) * omega) / sin, Math.sin(t * omega) / sin];
  return a.map((v, i) => wa * v + wb * b[i]!);
}

/** Row r sweeps dimension r (rows beyond the latent's size repeat from 0). */
function traversedValues(latent: Latent, rows: number, columns: number, size: number): Float32Array {
  const d = latent.distribution;
  const [low, high] =
    d.kind === 'normal' ? [d.mean - TRAVERSAL_STDS * d.std, d.mean + TRAVERSAL_STDS * d.std] : d.kind === 'uniform' ? [d.low, d.high] : [0, 0];
  const out = new Float32Array(rows * columns * size).fill(centre(latent));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const t = columns === 1 ? 0.5 : c / (columns - 1);
      out[(r * columns + c) * size + (r % size)] = low + (high - low) * t;
    }
  }
  return out;
}
