// The kernel distance (KID): a value computed independently with NumPy, the
// symmetry of the unbiased estimate, and that it tells a shifted set from a
// second draw of the same distribution.
import { describe, expect, it } from 'vitest';
import { kernelDistance, kernelReference } from '../../src/numerics/metrics/kernelDistance.js';
import { lcg } from './lcg.js';

const X = [[2.041, -2.556, 0.418], [-0.568, -0.453, -0.216], [-2.02, -0.232, -0.865], [3.323, 0.226, -0.353], [-0.281, -0.668, -1.055]];
const Y = [[0.031, 1.078, 0.214], [1.649, 0.26, 0.529], [2.355, 1.154, -0.106], [0.281, 1.149, 2.822], [0.176, 0.208, 1.703], [-0.564, 0.15, 1.559], [1.196, 0.61, 1.304]];

function rows(count: number, size: number, seed: number, shift = 0): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: count * size }, () => next() + shift);
}

describe('kernelDistance', () => {
  it('equals the unbiased MMD² with the cubic kernel as NumPy computes it', () => {
    // NumPy: (kxx.sum() - trace)/(m(m-1)) + (kyy.sum() - trace)/(n(n-1)) - 2 kxy.mean(), k = (a·b/3 + 1)³.
    const expected = 3.633398034216899;
    expect(kernelDistance(X.flat(), 5, kernelReference(Y.flat(), 7, 3))).toBeCloseTo(expected, 12);
    expect(kernelDistance(Y.flat(), 7, kernelReference(X.flat(), 5, 3))).toBeCloseTo(expected, 12);
  });

  it('is near zero for two draws of one distribution and clearly positive for a shifted one', () => {
    const reference = kernelReference(rows(400, 8, 1), 400, 8);
    const same = kernelDistance(rows(64, 8, 2), 64, reference);
    const shifted = kernelDistance(rows(64, 8, 3, 0.5), 64, reference);
    expect(Math.abs(same)).toBeLessThan(0.02);
    expect(shifted).toBeGreaterThan(0.1);
  });

  it('refuses fewer than two rows on either side', () => {
    expect(() => kernelReference([1, 2], 1, 2)).toThrow(RangeError);
    expect(() => kernelDistance([1, 2], 1, kernelReference(Y.flat(), 7, 3))).toThrow(RangeError);
  });
});
