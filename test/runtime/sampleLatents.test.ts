// The latents of controlled sample grids (src/numerics/sampleLatents.ts),
// checked value by value against the draws they are built from.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/numerics/tf.js';
import { drawLatent } from '../../src/numerics/latents.js';
import { plannedLatent, slerp, TRAVERSAL_STDS, type SamplePlan } from '../../src/numerics/sampleLatents.js';
import type { Latent } from '../../src/ir/types.js';
import { useCpu } from './helpers.js';

beforeAll(useCpu);

const source = { line: 1, column: 1 } as unknown as Latent['source'];
const normal: Latent = { name: 'z', type: { kind: 'tensor', shape: [4] }, distribution: { kind: 'normal', mean: 0.5, std: 2 }, slot: 0, source };
const uniform: Latent = { name: 'u', type: { kind: 'tensor', shape: [2] }, distribution: { kind: 'uniform', low: -1, high: 3 }, slot: 1, source };
const label: Latent = { name: 'c', type: { kind: 'class', classes: 5 }, distribution: { kind: 'categorical', classes: 5 }, slot: 2, source };
const oneHot: Latent = { ...label, type: { kind: 'tensor', shape: [5] } };
const seeds = (k: number) => 100 + k;

function values(latent: Latent, count: number, plan: SamplePlan): number[][] {
  const t = plannedLatent(latent, count, plan, seeds);
  const size = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const flat = Array.from(t.dataSync());
  t.dispose();
  return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
}

function drawn(latent: Latent, count: number, seed: number): number[][] {
  const t = drawLatent(latent, count, seed);
  const size = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const flat = Array.from(t.dataSync());
  t.dispose();
  return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
}

describe('plain grids', () => {
  it('draw exactly what training-time sampling draws (seed 0 of the stream)', () => {
    for (const latent of [normal, uniform, label, oneHot]) {
      expect(values(latent, 6, { layout: { kind: 'draw' } })).toEqual(drawn(latent, 6, seeds(0)));
    }
  });
});

describe('--class', () => {
  it('sets every categorical latent, as a label or one-hot, and leaves the others drawn', () => {
    const plan: SamplePlan = { layout: { kind: 'draw' }, classLabel: 3 };
    expect(values(label, 4, plan)).toEqual([[3], [3], [3], [3]]);
    expect(values(oneHot, 2, plan)).toEqual([
      [0, 0, 0, 1, 0],
      [0, 0, 0, 1, 0],
    ]);
    expect(values(normal, 3, plan)).toEqual(drawn(normal, 3, seeds(0)));
  });
});

describe('--interpolate', () => {
  const plan: SamplePlan = { layout: { kind: 'interpolate', columns: 4 } };
  it('runs each row from one draw to the other, endpoints included', () => {
    const grid = values(normal, 12, plan);
    const [from, to] = [drawn(normal, 3, seeds(0)), drawn(normal, 3, seeds(1))];
    for (let r = 0; r < 3; r++) {
      expect(grid[r * 4]!.map((v, i) => v - from[r]![i]!).every((d) => Math.abs(d) < 1e-5)).toBe(true);
      expect(grid[r * 4 + 3]!.map((v, i) => v - to[r]![i]!).every((d) => Math.abs(d) < 1e-5)).toBe(true);
    }
  });
  it('is spherical around the mean for normal latents: the norm moves monotonically between the endpoint norms', () => {
    const grid = values(normal, 4, plan).map((p) => Math.hypot(...p.map((v) => v - 0.5)));
    const [lo, hi] = [Math.min(grid[0]!, grid[3]!), Math.max(grid[0]!, grid[3]!)];
    for (const n of grid) {
      expect(n).toBeGreaterThanOrEqual(lo - 1e-5);
      expect(n).toBeLessThanOrEqual(hi + 1e-5);
    }
  });
  it('is linear for uniform latents', () => {
    const grid = values(uniform, 4, plan);
    for (let i = 0; i < 2; i++) expect(grid[1]![i]!).toBeCloseTo(grid[0]![i]! + (grid[3]![i]! - grid[0]![i]!) / 3, 5);
  });
  it('holds one drawn class per row', () => {
    const grid = values(label, 8, plan).map((v) => v[0]);
    expect(grid.slice(0, 4).every((c) => c === grid[0])).toBe(true);
    expect(grid.slice(4).every((c) => c === grid[4])).toBe(true);
    expect([grid[0], grid[4]]).toEqual(drawn({ ...label }, 2, seeds(0)).map((v) => v[0]));
  });
  it('slerp keeps the norm of unit vectors and meets both ends', () => {
    const [a, b] = [[1, 0, 0], [0, 1, 0]];
    expect(slerp(a, b, 0)).toEqual(a);
    const mid = slerp(a, b, 0.5);
    expect(Math.hypot(...mid)).toBeCloseTo(1, 10);
    expect(mid[0]).toBeCloseTo(Math.SQRT1_2, 10);
    expect(slerp(a, a, 0.3)).toEqual(a);
  });
});

describe('--traverse', () => {
  it('sweeps dimension r of row r over mean ± 3 std, every other value at the mean', () => {
    const plan: SamplePlan = { layout: { kind: 'traverse', columns: 3, latent: 'z' } };
    const grid = values(normal, 9, plan);
    const [lo, hi] = [0.5 - TRAVERSAL_STDS * 2, 0.5 + TRAVERSAL_STDS * 2];
    for (let r = 0; r < 3; r++) {
      expect(grid.slice(r * 3, r * 3 + 3).map((p) => p[r])).toEqual([lo, 0.5, hi]);
      for (const p of grid.slice(r * 3, r * 3 + 3)) expect(p.filter((_, i) => i !== r)).toEqual([0.5, 0.5, 0.5]);
    }
    expect(values(uniform, 3, { layout: { kind: 'traverse', columns: 3, latent: 'z' } })).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(values(uniform, 2, { layout: { kind: 'traverse', columns: 2, latent: 'u' } })).toEqual([
      [-1, 1],
      [3, 1],
    ]);
  });
});

it('leaves no tensor behind', () => {
  const before = tf.memory().numTensors;
  values(label, 8, { layout: { kind: 'interpolate', columns: 4 } });
  values(normal, 8, { layout: { kind: 'interpolate', columns: 4 } });
  expect(tf.memory().numTensors).toBe(before);
});
