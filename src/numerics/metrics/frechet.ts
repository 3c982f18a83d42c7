// The Fréchet distance between two Gaussians fitted to feature vectors (the
// FID formula, here over our own classifier's features):
//   |μ₁ − μ₂|² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁ Σ₂)^½
// The product Σ₁Σ₂ is not symmetric, so its root's trace is taken as that of
// the symmetric PSD matrix Σ₁^½ Σ₂ Σ₁^½ (same eigenvalues), whose eigenvalues
// are real and non-negative: no complex parts to discard. All in float64.

import { symmetricEigen, symmetricSqrt } from './symmetricEigen.js';

export interface Gaussian {
  readonly mean: Float64Array;
  /** d×d row-major, the unbiased (n − 1) estimate. */
  readonly covariance: Float64Array;
  readonly size: number;
  readonly count: number;
}

/** Mean and covariance of `count` rows of `size` features each. */
export function fitGaussian(rows: ArrayLike<number>, count: number, size: number): Gaussian {
  if (count < 2) throw new Error(`a covariance needs at least 2 samples, not ${count}`);
  const mean = new Float64Array(size);
  for (let i = 0; i < count; i++) for (let j = 0; j < size; j++) mean[j] += rows[i * size + j]!;
  for (let j = 0; j < size; j++) mean[j] /= count;
  const covariance = new Float64Array(size * size);
  const centred = new Float64Array(size);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < size; j++) centred[j] = rows[i * size + j]! - mean[j]!;
    for (let r = 0; r < size; r++) {
      const cr = centred[r]!;
      if (cr === 0) continue;
      for (let c = r; c < size; c++) covariance[r * size + c] += cr * centred[c]!;
    }
  }
  for (let r = 0; r < size; r++) {
    for (let c = r; c < size; c++) {
      const value = covariance[r * size + c]! / (count - 1);
      covariance[r * size + c] = value;
      covariance[c * size + r] = value;
    }
  }
  return { mean, covariance, size, count };
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const ark = a[r * n + k]!;
      if (ark === 0) continue;
      for (let c = 0; c < n; c++) out[r * n + c] += ark * b[k * n + c]!;
    }
  }
  return out;
}

export function frechetDistance(p: Gaussian, q: Gaussian): number {
  if (p.size !== q.size) throw new Error(`feature sizes differ: ${p.size} and ${q.size}`);
  const n = p.size;
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < n; i++) {
    meanTerm += (p.mean[i]! - q.mean[i]!) ** 2;
    traces += p.covariance[i * n + i]! + q.covariance[i * n + i]!;
  }
  const root = symmetricSqrt(p.covariance, n);
  const product = multiply(multiply(root, q.covariance, n), root, n);
  // Symmetrise away rounding before the eigen-decomposition.
  for (let r = 0; r < n; r++) {
    for (let c = r + 1; c < n; c++) {
      const mean = (product[r * n + c]! + product[c * n + r]!) / 2;
      product[r * n + c] = mean;
      product[c * n + r] = mean;
    }
  }
  let traceRoot = 0;
  for (const value of symmetricEigen(product, n).values) traceRoot += Math.sqrt(Math.max(value, 0));
  // Rounding can leave a tiny negative for identical inputs.
  return Math.max(meanTerm + traces - 2 * traceRoot, 0);
}
