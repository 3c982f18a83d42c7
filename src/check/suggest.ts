// Did-you-mean: candidates within a small edit distance, closest first.

/** Optimal string alignment distance: a swap of two neighbours counts as one edit (`rleu` → `relu`). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // Three rolling rows (the swap looks two rows back), so a call allocates
  // three small arrays, not a matrix: did-you-mean runs over every name in a file.
  let before = new Int32Array(y.length + 1);
  let previous = Int32Array.from({ length: y.length + 1 }, (_, j) => j);
  let row = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    row[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[y.length]!;
}

export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const threshold = Math.max(1, Math.floor(name.length / 3));
  return [...new Set(candidates)]
    // Lengths further apart than the threshold cannot be close: skip the distance.
    .filter((candidate) => Math.abs(candidate.length - name.length) <= threshold && candidate !== name)
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** "did you mean `a` or `b`?", or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const close = suggest(name, candidates);
  if (close.length === 0) return undefined;
  const quoted = close.map((c) => `\`${c}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `did you mean ${list}?`;
}
