// The Fréchet distance and its matrix square root: a closed form for
// diagonal covariances, the square root squaring back, and full random
// covariances against PyTorch (float64 eigh, through test/oracle).
import { afterAll, describe, expect, it } from 'vitest';
import { fitGaussian, frechetDistance, type Gaussian } from '../../src/numerics/metrics/frechet.js';
import { symmetricEigen, symmetricSqrt } from '../../src/numerics/metrics/symmetricEigen.js';
import { startOracleOrSkip } from '../oracle/torchOracle.js';
import { lcg } from './lcg.js';

function randomRows(count: number, size: number, seed: number, mix = 0.5): Float64Array {
  const next = lcg(seed);
  const rows = new Float64Array(count * size);
  // Correlated columns: each mixes in the one before it.
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < size; j++) rows[i * size + j] = next() + (j > 0 ? mix * rows[i * size + j - 1]! : 0) + j * 0.01;
  }
  return rows;
}

function gaussian(mean: number[], diagonal: number[]): Gaussian {
  const n = mean.length;
  const covariance = new Float64Array(n * n);
  diagonal.forEach((v, i) => (covariance[i * n + i] = v));
  return { mean: Float64Array.from(mean), covariance, size: n, count: 100 };
}

describe('Fréchet distance', () => {
  it('has the closed form |μ₁−μ₂|² + Σ(√a−√b)² for diagonal covariances', () => {
    const p = gaussian([0, 1, 2], [1, 4, 9]);
    const q = gaussian([1, 1, 0], [4, 1, 0.25]);
    const expected = 1 + 0 + 4 + (1 - 2) ** 2 + (2 - 1) ** 2 + (3 - 0.5) ** 2;
    expect(frechetDistance(p, q)).toBeCloseTo(expected, 10);
  });

  it('is 0 for identical Gaussians, symmetric, and grows with a shift of the mean', () => {
    const rows = randomRows(500, 8, 3);
    const p = fitGaussian(rows, 500, 8);
    expect(frechetDistance(p, p)).toBeLessThan(1e-9);
    const shifted = fitGaussian(rows.map((v, i) => (i % 8 === 0 ? v + 2 : v)), 500, 8);
    expect(frechetDistance(p, shifted)).toBeCloseTo(4, 8);
    const other = fitGaussian(randomRows(400, 8, 5, 0.9), 400, 8);
    expect(frechetDistance(p, other)).toBeCloseTo(frechetDistance(other, p), 8);
  });

  it('takes a square root that squares back, also of a singular matrix', () => {
    const rows = randomRows(6, 10, 11); // 6 samples in 10 dimensions: rank ≤ 5
    const { covariance } = fitGaussian(rows, 6, 10);
    const root = symmetricSqrt(covariance, 10);
    for (let r = 0; r < 10; r++) {
      for (let c = 0; c < 10; c++) {
        let sum = 0;
        for (let k = 0; k < 10; k++) sum += root[r * 10 + k]! * root[k * 10 + c]!;
        expect(sum).toBeCloseTo(covariance[r * 10 + c]!, 9);
      }
    }
    const eigenvalues = [...symmetricEigen(covariance, 10).values].sort((a, b) => a - b);
    expect(eigenvalues.slice(0, 5).every((v) => Math.abs(v) < 1e-10)).toBe(true);
  });
});

const oracle = await startOracleOrSkip('the Fréchet distance against PyTorch');

describe.skipIf(!oracle)('Fréchet distance against PyTorch', () => {
  afterAll(() => oracle?.close());

  it('matches torch.linalg.eigh in float64 on 64-dimensional correlated features', async () => {
    const size = 64;
    const a = randomRows(300, size, 21, 0.7);
    const b = randomRows(250, size, 22, 0.3).map((v) => v * 1.5 + 0.2);
    const ours = frechetDistance(fitGaussian(a, 300, size), fitGaussian(b, 250, size));
    // The reference takes the other route: the eigenvalues of Σ₁Σ₂ (real for a product of PSD matrices).
    const code = [
      'a, b = inputs["a"], inputs["b"]',
      'ca, cb = torch.cov(a.T), torch.cov(b.T)',
      'ev = torch.linalg.eigvals(ca @ cb).real.clamp(min=0)',
      'fd = ((a.mean(0) - b.mean(0)) ** 2).sum() + ca.trace() + cb.trace() - 2 * ev.sqrt().sum()',
      'outputs = {"fd": fd}',
    ].join('\n');
    const answer = await oracle!.run({
      op: 'snippet',
      attrs: { code },
      inputs: { a: { shape: [300, size], data: a }, b: { shape: [250, size], data: b } },
    });
    const reference = answer.outputs['fd']!.data[0]!;
    expect(ours).toBeGreaterThan(1);
    expect(Math.abs(ours - reference) / reference).toBeLessThan(1e-6);
  });
});
