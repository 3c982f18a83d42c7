import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrModule } from '../ir/types.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { StepHealth } from './iterationResults.js';
import { spanAt } from './sourceSpan.js';

// A run can "train" for hours without learning anything: a learning rate so
// high that every unit dies leaves every gradient exactly zero and the loss
// flat, and the run still ends with exit 0. This watches each step's
// gradient norm and objective, both read back with the losses, and warns
// (W0606) once per step and condition when either stays put. The objective
// comes every iteration; the gradient norm only at the iterations that
// compute it (logsGradientNorms): the zero-gradient streak
// spans the iterations from its first all-zero norm to its last one seen.

/** Consecutive iterations of all-zero gradients, or of one exact objective value, before W0606. */
export const STALLED_ITERATIONS = 20;

/** Each step's gradient norm is computed (two kernels a weight) and logged at iteration 1 and every this many. */
export const GRADIENT_NORM_EVERY = 10;

/** Whether `iteration` (1-based) computes and logs its steps' gradient norms. */
export function logsGradientNorms(iteration: number): boolean {
  return iteration === 1 || iteration % GRADIENT_NORM_EVERY === 0;
}

interface Streak {
  /** The iteration of the first all-zero norm of the current streak, if one is running. */
  zeroSince: number | undefined;
  /** The last iteration whose norm was seen and not zero (0: none yet). */
  lastNonZero: number;
  sameObjective: number;
  lastObjective: number;
  warned: Set<'zero' | 'constant'>;
}

export class TrainingHealthWatch {
  private readonly streaks = new Map<string, Streak>();

  constructor(private readonly ir: IrModule) {}

  /** Takes one iteration's step health; returns the warnings it calls for (each at most once per run). */
  observe(iteration: number, steps: ReadonlyMap<string, StepHealth>): Diagnostic[] {
    const warnings: Diagnostic[] = [];
    for (const [step, health] of steps) {
      let streak = this.streaks.get(step);
      if (!streak) {
        streak = { zeroSince: undefined, lastNonZero: 0, sameObjective: 0, lastObjective: NaN, warned: new Set() };
        this.streaks.set(step, streak);
      }
      if (health.gradientNorm !== undefined) streak.zeroSince = health.gradientNorm === 0 ? (streak.zeroSince ?? iteration) : undefined;
      if (health.gradientNorm !== undefined && health.gradientNorm !== 0) streak.lastNonZero = iteration;
      // Judged only where a norm was seen: between them nothing is known.
      const zeroGradients = streak.zeroSince === undefined || health.gradientNorm === undefined ? 0 : iteration - streak.zeroSince + 1;
      // The first value starts a run of one; each exact repeat extends it.
      streak.sameObjective = Object.is(health.objective, streak.lastObjective) ? streak.sameObjective + 1 : 1;
      streak.lastObjective = health.objective;
      if (zeroGradients >= STALLED_ITERATIONS && !streak.warned.has('zero')) {
        streak.warned.add('zero');
        warnings.push(this.warning(step, 'has had all-zero gradients', iteration));
      } else if (streak.sameObjective >= STALLED_ITERATIONS && !streak.warned.has('constant') && !streak.warned.has('zero')) {
        // A flat loss whose every norm seen since it began was zero is the dead-units case: say that.
        const zero = streak.zeroSince !== undefined && streak.lastNonZero <= iteration - STALLED_ITERATIONS;
        streak.warned.add(zero ? 'zero' : 'constant');
        warnings.push(this.warning(step, zero ? 'has had all-zero gradients' : `has had exactly the same loss (${health.objective})`, iteration));
      }
    }
    return warnings;
  }

  private warning(step: string, problem: string, iteration: number): Diagnostic {
    const source = this.ir.train.steps.find((s) => s.name === step)?.source;
    return makeDiagnostic('DeadTraining', this.ir.file, source ? spanAt(source) : undefined, { step, problem, count: STALLED_ITERATIONS, iteration }, {
      hint: 'its weights no longer change: every unit may be dead (a learning rate far too high does that), or the loss may not depend on them; lower `lr`, or check the loss and the `over` list (metrics.jsonl logs each step\'s grad_norms)',
    });
  }
}
