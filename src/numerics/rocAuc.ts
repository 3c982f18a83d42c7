// The area under the ROC curve of anomaly scores: the probability that a
// random anomaly scores higher than a random normal example, ties counting
// one half (the Mann–Whitney U statistic divided by n₁·n₀). Sorting once
// makes it O(n log n) and exact, with no threshold grid.

/** AUC of `scores` (higher = more anomalous) against `anomalous`; undefined when either class is empty. */
export function rocAuc(scores: ArrayLike<number>, anomalous: ArrayLike<boolean>): number | undefined {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    // Tied scores share the mean of their 1-based ranks.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (anomalous[order[k]!]) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
