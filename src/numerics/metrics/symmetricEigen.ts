// Eigen-decomposition of a small symmetric matrix in float64 by cyclic Jacobi
// rotations: slow for big matrices but unconditionally stable, and the
// feature covariances here are 64×64.

export interface SymmetricEigen {
  /** Eigenvalues, in no particular order. */
  readonly values: Float64Array;
  /** Column j of this n×n row-major matrix is the eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/** `matrix` is n×n row-major and symmetric; it is not modified. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! * a[i]!;
  const tolerance = 1e-30 * Math.max(scale, Number.MIN_VALUE);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= tolerance) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, algorithm 8.4.1).
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

/** The symmetric positive semi-definite square root V·diag(√max(λ, 0))·Vᵀ. */
export function symmetricSqrt(matrix: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const root = Math.sqrt(Math.max(values[j]!, 0));
    if (root === 0) continue;
    for (let r = 0; r < n; r++) {
      const vr = vectors[r * n + j]! * root;
      if (vr === 0) continue;
      for (let c = 0; c < n; c++) out[r * n + c] += vr * vectors[c * n + j]!;
    }
  }
  return out;
}
