import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrModule } from '../ir/types.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { StepHealth } from './trainingState.js';
import { spanAt } from './sourceSpan.js';

// A run can "train" for hours without learning anything: a learning rate so
// high that every unit dies leaves every gradient exactly zero and the loss
// flat, and the run still ends with exit 0. This watches each step's
// gradient norm and objective, both read back with the losses, and warns
// (W0606) once per step and condition when either stays put.

/** Consecutive iterations of all-zero gradients, or of one exact objective value, before W0606. */
export const STALLED_ITERATIONS = 20;

interface Streak {
  zeroGradients: number;
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
        streak = { zeroGradients: 0, sameObjective: 0, lastObjective: NaN, warned: new Set() };
        this.streaks.set(step, streak);
      }
      streak.zeroGradients = health.gradientNorm === 0 ? streak.zeroGradients + 1 : 0;
      // The first value starts a run of one; each exact repeat extends it.
      streak.sameObjective = Object.is(health.objective, streak.lastObjective) ? streak.sameObjective + 1 : 1;
      streak.lastObjective = health.objective;
      if (streak.zeroGradients >= STALLED_ITERATIONS && !streak.warned.has('zero')) {
        streak.warned.add('zero');
        warnings.push(this.warning(step, 'has had all-zero gradients', iteration));
      } else if (streak.sameObjective >= STALLED_ITERATIONS && !streak.warned.has('constant') && !streak.warned.has('zero')) {
        streak.warned.add('constant');
        warnings.push(this.warning(step, `has had exactly the same loss (${health.objective})`, iteration));
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
