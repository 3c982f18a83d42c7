// The learning rate of a step at an iteration: the optimizer's `lr`, or its
// schedule. Plain float64 arithmetic on numbers, shared by the interpreter,
// generated modules (copied by src/codegen/runtimeSource.ts) and the warning
// about schedules longer than training; prelude.py's `learning_rate_at` is
// the same formula in Python.

import type { LearningRateSchedule, Step } from './types.js';

/** The rate `optimizer` applies at `iteration` (iterations completed before it, 0 on the first). */
export function learningRateAt(optimizer: { readonly lr: number; readonly schedule?: LearningRateSchedule }, iteration: number): number {
  const schedule = optimizer.schedule;
  if (!schedule) return optimizer.lr;
  switch (schedule.kind) {
    case 'linear': {
      const progress = Math.min(1, Math.max(0, iteration - schedule.after) / schedule.over);
      // This form is exactly `lr` at the start and exactly `to` from the end on.
      return optimizer.lr * (1 - progress) + schedule.to * progress;
    }
    case 'cosine': {
      const progress = Math.min(iteration, schedule.over) / schedule.over;
      return schedule.min + ((optimizer.lr - schedule.min) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
    case 'step_decay':
      return optimizer.lr * Math.pow(schedule.gamma, Math.floor(iteration / schedule.every));
    case 'exponential':
      return optimizer.lr * Math.pow(schedule.gamma, iteration);
  }
}

/** The first iteration from which the schedule's rate stays at its final value; 0 for the decays, which never end. */
export function scheduleEnd(schedule: LearningRateSchedule): number {
  switch (schedule.kind) {
    case 'linear':
      return schedule.after + schedule.over;
    case 'cosine':
      return schedule.over;
    default:
      return 0;
  }
}

/** The rate each scheduled step used in iteration `iteration` (1 on the first), for metrics.jsonl; undefined when no step has a schedule. */
export function scheduledRates(steps: readonly Step[], iteration: number): Record<string, number> | undefined {
  const scheduled = steps.filter((s) => s.optimizer.schedule);
  return scheduled.length > 0 ? Object.fromEntries(scheduled.map((s) => [s.name, learningRateAt(s.optimizer, iteration - 1)])) : undefined;
}
