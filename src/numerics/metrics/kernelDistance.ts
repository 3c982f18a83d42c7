// The kernel distance (KID, Bińkowski et al. 2018, "Demystifying MMD GANs"):
// the unbiased estimate of the squared maximum mean discrepancy between two
// sets of feature vectors under the cubic polynomial kernel
// k(a, b) = (a·b / d + 1)³. Unlike the Fréchet distance it has no bias that
// grows as the sample count shrinks, so a 64-image sample grid still gives a
// usable point of a curve over training; it can be slightly negative when the
// sets match.

/** The reference set, with the mean of its kernel over distinct pairs computed once. */
export interface KernelReference {
  readonly rows: Float64Array;
  readonly count: number;
  readonly size: number;
  readonly selfTerm: number;
}

function kernel(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, size: number): number {
  let dot = 0;
  for (let k = 0; k < size; k++) dot += a[i * size + k]! * b[j * size + k]!;
  const base = dot / size + 1;
  return base * base * base;
}

/** Mean of k over the ordered pairs i ≠ j of `rows` (count ≥ 2). */
function meanOverDistinctPairs(rows: ArrayLike<number>, count: number, size: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) sum += kernel(rows, i, rows, j, size);
  return (2 * sum) / (count * (count - 1));
}

/** `count` rows of `size` features: the set every later sample set is compared with. */
export function kernelReference(rows: ArrayLike<number>, count: number, size: number): KernelReference {
  if (count < 2) throw new RangeError(`the kernel distance needs at least 2 reference rows, not ${count}`);
  const copy = Float64Array.from({ length: count * size }, (_, i) => rows[i]!);
  return { rows: copy, count, size, selfTerm: meanOverDistinctPairs(copy, count, size) };
}

/** The unbiased squared MMD of `count` sample rows (≥ 2) against the reference. */
export function kernelDistance(rows: ArrayLike<number>, count: number, reference: KernelReference): number {
  if (count < 2) throw new RangeError(`the kernel distance needs at least 2 samples, not ${count}`);
  const { size } = reference;
  let cross = 0;
  for (let i = 0; i < count; i++) for (let j = 0; j < reference.count; j++) cross += kernel(rows, i, reference.rows, j, size);
  return meanOverDistinctPairs(rows, count, size) + reference.selfTerm - (2 * cross) / (count * reference.count);
}
