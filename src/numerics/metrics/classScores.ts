// What a classifier's probabilities p(y|x) over generated samples say:
// the classifier score (the Inception score's analog, exp E_x KL(p(y|x) ‖ p(y))),
// the fraction of samples predicted as each class (coverage: mode collapse
// shows as classes with almost none), and for a conditional generator the
// fraction predicted as the class it was asked for.

export interface ClassProbabilities {
  /** count × classes, rows sum to 1. */
  readonly probabilities: ArrayLike<number>;
  readonly count: number;
  readonly classes: number;
}

function predicted(p: ClassProbabilities, i: number): number {
  let best = 0;
  for (let k = 1; k < p.classes; k++) if (p.probabilities[i * p.classes + k]! > p.probabilities[i * p.classes + best]!) best = k;
  return best;
}

/** exp of the mean KL divergence of each row from the mean row; 1 (worst) … classes (best). */
export function classifierScore(p: ClassProbabilities): number {
  const marginal = new Float64Array(p.classes);
  for (let i = 0; i < p.count; i++) for (let k = 0; k < p.classes; k++) marginal[k] += p.probabilities[i * p.classes + k]! / p.count;
  let kl = 0;
  for (let i = 0; i < p.count; i++) {
    for (let k = 0; k < p.classes; k++) {
      const pk = p.probabilities[i * p.classes + k]!;
      if (pk > 0) kl += pk * (Math.log(pk) - Math.log(marginal[k]!));
    }
  }
  return Math.exp(kl / p.count);
}

/** The fraction of samples whose most probable class is k, for each k. */
export function classCoverage(p: ClassProbabilities): number[] {
  const counts = new Array<number>(p.classes).fill(0);
  for (let i = 0; i < p.count; i++) counts[predicted(p, i)]++;
  return counts.map((c) => c / p.count);
}

/** The fraction of samples whose most probable class is the one in `conditions` (one per sample). */
export function conditionAccuracy(p: ClassProbabilities, conditions: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < p.count; i++) if (predicted(p, i) === conditions[i]) hits++;
  return hits / p.count;
}

/** The fraction of rows whose most probable class is their label (a classifier's accuracy). */
export const accuracy = conditionAccuracy;
