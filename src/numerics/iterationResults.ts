// The interpreter's side of an iteration's read-back: what a run logs of each
// iteration (every reported loss, each step's objective and gradient norm,
// the first value that is not finite), read from the vectors that
// TrainingState.startIteration leaves on the device, many iterations at once.
// Generated modules report losses only and read their vector themselves, so
// nothing here is copied into them.

import { tf, type Tensor } from './tf.js';
import type { PendingIteration } from './trainingState.js';

/** How one step execution went: its objective's value and the global L2 norm of its gradient. */
export interface StepHealth {
  readonly objective: number;
  /**
   * sqrt(Σ over the step's weights of Σ g²); a weight the objective does not reach counts as 0.
   * Absent for an iteration run without gradient norms (they cost two kernels a weight).
   */
  readonly gradientNorm?: number;
}

/** What one iteration reports: the last value of every reported loss. */
export interface IterationLosses {
  readonly losses: Map<string, number>;
  /** Each step's last execution in the iteration, by step name. */
  readonly steps: Map<string, StepHealth>;
  /** The first reported value, in execution order, that is NaN or infinite, if any. */
  readonly nonFinite?: { readonly loss: string; readonly value: number };
}

/** sqrt(Σ sum(g²)) over the gradients present (0 when none is): `startIteration`'s gradient norm. */
export function globalNorm(grads: readonly (Tensor | undefined)[]): Tensor {
  const squares = grads.filter((g): g is Tensor => g !== undefined).map((g) => tf.sum(tf.square(g)));
  return squares.length > 0 ? tf.sqrt(tf.addN(squares)) : tf.scalar(0);
}

/**
 * Reads back pending iterations, in order, with one read of the device,
 * and disposes their tensors. Each iteration's losses are the last value
 * of each reported loss; `nonFinite` is its first NaN or infinite one.
 */
export async function readIterations(pending: readonly PendingIteration[]): Promise<IterationLosses[]> {
  if (pending.length === 0) return [];
  const all = pending.length === 1 ? pending[0]!.values : tf.concat(pending.map((p) => p.values));
  const numbers = await all.data();
  tf.dispose([all, ...pending.map((p) => p.values)]);
  let at = 0;
  return pending.map(({ executions }) => {
    const losses = new Map<string, number>();
    const steps = new Map<string, StepHealth>();
    let nonFinite: IterationLosses['nonFinite'];
    for (const { step, reports, norm } of executions) {
      for (const name of reports) {
        const value = numbers[at++]!;
        losses.set(name, value);
        if (!Number.isFinite(value) && !nonFinite) nonFinite = { loss: name, value };
      }
      const objective = numbers[at++]!;
      steps.set(step, norm ? { objective, gradientNorm: numbers[at++]! } : { objective });
    }
    return nonFinite ? { losses, steps, nonFinite } : { losses, steps };
  });
}
