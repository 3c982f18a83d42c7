import { describe, expect, it } from 'vitest';
import { planAxis, windowPadding } from '../../../src/numerics/kernels/wasm/subPixelPlan.js';

describe('planAxis', () => {
  it('splits k3 s2 (same, pad 0 before) into an even phase with two taps and an odd one with one', () => {
    // dx[2t] = dy[t−1]·W[2] + dy[t]·W[0];  dx[2t+1] = dy[t]·W[1]
    const plan = planAxis(14, 7, 3, 2, 0);
    expect(plan?.phases).toEqual([
      { first: -1, taps: [2, 0] },
      { first: 0, taps: [1] },
    ]);
    expect(plan?.common).toEqual({ first: -1, size: 2 });
    expect(windowPadding(plan!, -1, 2)).toEqual([1, 0]);
  });

  it('aligns the two phases of k4 s2 (same, pad 1) on a three-row window', () => {
    // dx[2t] = dy[t−1]·W[3] + dy[t]·W[1];  dx[2t+1] = dy[t]·W[2] + dy[t+1]·W[0]
    const plan = planAxis(28, 14, 4, 2, 1);
    expect(plan?.phases).toEqual([
      { first: -1, taps: [3, 1] },
      { first: 0, taps: [2, 0] },
    ]);
    expect(plan?.common).toEqual({ first: -1, size: 3 });
  });

  it('is a flipped kernel for stride 1', () => {
    expect(planAxis(8, 8, 3, 1, 1)?.phases).toEqual([{ first: -1, taps: [2, 1, 0] }]);
  });

  it('declines sizes the stride does not divide, and kernels narrower than the stride', () => {
    expect(planAxis(7, 4, 3, 2, 1)).toBeNull();
    expect(planAxis(8, 4, 1, 2, 0)).toBeNull();
  });
});
