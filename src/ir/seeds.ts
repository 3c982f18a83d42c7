// The seed of every random draw, shared by the interpreter and (as emitted
// text) by generated code. Changing it changes every trained model: don't.

/** A 32-bit avalanche of four integers (murmur3's finaliser over a running hash). */
export function mixSeed(a: number, b: number, c: number, d: number): number {
  let h = 0x9e3779b9;
  for (const v of [a, b, c, d]) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Stream selectors for `mixSeed`'s second argument (see docs/ir.md). */
export const SeedStream = {
  shuffle: 0,
  init: 1,
  /** Step execution n (1-based) uses `stepBase + n`. */
  stepBase: 2,
  /** The top of the 32-bit range: step executions (`stepBase + n`) never reach it. */
  sampleGrid: 0xffffffff,
} as const;

/** mulberry32: a tiny, fast PRNG for data shuffling. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates permutation of 0..n-1 drawn from `random`. */
export function permutation(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
