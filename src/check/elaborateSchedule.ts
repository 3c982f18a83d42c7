// `lr: linear(…)`, `cosine(…)`, `step_decay(…)`, `exponential(…)`: a learning-rate schedule in place of
// a number (docs/language.md, "Learning-rate schedules"), and the warning
// for a schedule that training stops before finishing.
import type { CallExpr, Expr, Span, StepItem } from '../parser/ast.js';
import type { LearningRateSchedule, Length, Step } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments } from './bindArguments.js';
import { evaluateConstant, evaluateFloat32, evaluatePositiveInteger, formatNumber, type ConstantScope } from './constants.js';
import { didYouMean } from './suggest.js';
import { learningRateAt, scheduleEnd } from '../ir/learningRate.js';
import { formatCount } from '../ir/limits.js';

export const SCHEDULES = ['linear', 'cosine', 'step_decay', 'exponential'];

/** Each schedule's parameters in positional order; `start` (the optimizer's `lr`) and those listed as required must be given. */
const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  linear: ['start', 'to', 'after', 'over'],
  cosine: ['start', 'over', 'min'],
  step_decay: ['start', 'every', 'gamma'],
  exponential: ['start', 'gamma'],
};
const REQUIRED = new Set(['start', 'over', 'every']);

/** The starting rate (the optimizer's `lr`) and the schedule; undefined after reporting. */
export function elaborateSchedule(call: CallExpr, scope: ConstantScope, reporter: Reporter): { start: number; schedule: LearningRateSchedule } | undefined {
  const kind = call.callee.name;
  if (!SCHEDULES.includes(kind)) {
    reporter.report('UnknownCallee', call.callee.span, { what: 'learning-rate schedule', name: kind }, {
      hint: didYouMean(kind, SCHEDULES) ?? '`lr:` takes a number, `linear(lr, to: …, after: N, over: M)`, `cosine(lr, over: N, min: …)`, `step_decay(lr, every: N, gamma: …)` or `exponential(lr, gamma: …)`',
    });
    return undefined;
  }
  const params = PARAMETERS[kind]!;
  const required = (name: string) => REQUIRED.has(name) || (kind === 'exponential' && name === 'gamma');
  const args = bindArguments(call.args, { name: kind, params: params.map((name) => ({ name, optional: !required(name) })) }, reporter, call.span);
  if (!args.complete) return undefined;
  const rate = (name: string): number | undefined => {
    const expr = args.values.get(name);
    if (!expr) return 0;
    const value = evaluateFloat32(expr, scope, reporter, name);
    if (value === undefined) return undefined;
    if (value >= 0) return value;
    reporter.report('InvalidArgumentValue', expr.span, { name, expected: 'a learning rate of 0 or more', actual: String(value) });
    return undefined;
  };
  const start = rate('start');
  if (kind === 'step_decay' || kind === 'exponential') {
    const gamma = readGamma(args.values.get('gamma'), scope, reporter);
    if (kind === 'exponential') return start === undefined || gamma === undefined ? undefined : { start, schedule: { kind, gamma } };
    const every = evaluatePositiveInteger(args.values.get('every')!, scope, reporter, '`every` of `step_decay` (iterations)');
    return start === undefined || gamma === undefined || every === undefined ? undefined : { start, schedule: { kind, every, gamma } };
  }
  const over = evaluatePositiveInteger(args.values.get('over')!, scope, reporter, `\`over\` of \`${kind}\` (iterations)`);
  if (kind === 'cosine') {
    const min = rate('min');
    return start === undefined || over === undefined || min === undefined ? undefined : { start, schedule: { kind: 'cosine', min, over } };
  }
  const to = rate('to');
  const after = readAfter(args.values.get('after'), scope, reporter);
  if (start === undefined || over === undefined || to === undefined || after === undefined) return undefined;
  return { start, schedule: { kind: 'linear', to, after, over } };
}

/** A decay's `gamma`: in (0, 1], 0.1 when left out (StepLR's usual value). */
function readGamma(expr: Expr | undefined, scope: ConstantScope, reporter: Reporter): number | undefined {
  if (!expr) return 0.1;
  const value = evaluateFloat32(expr, scope, reporter, 'gamma');
  if (value === undefined) return undefined;
  if (value > 0 && value <= 1) return value;
  reporter.report('InvalidArgumentValue', expr.span, { name: 'gamma', expected: 'in (0, 1] (the factor the rate is multiplied by)', actual: String(value) });
  return undefined;
}

/** `after:` counts iterations, so a whole number of 0 or more (E0233). */
function readAfter(expr: Expr | undefined, scope: ConstantScope, reporter: Reporter): number | undefined {
  if (!expr) return 0;
  const value = evaluateConstant(expr, scope, reporter, 'after');
  if (value === undefined) return undefined;
  if (Number.isSafeInteger(value) && value >= 0) return value;
  reporter.report('ScheduleAfterNotWhole', expr.span, { value: formatNumber(value) }, { hint: 'write how many iterations the rate stays at its start, as in `linear(2e-4, to: 0, after: 100, over: 100)`' });
  return undefined;
}

/** W0610 for each step whose schedule ends after the last iteration of a `steps N` run. */
export function warnLongSchedules(steps: readonly { step: Step; item: StepItem }[], length: Length, reporter: Reporter): void {
  if (length.kind !== 'steps') return; // an epoch's iterations depend on the data's size, known when training starts
  for (const { step, item } of steps) {
    const schedule = step.optimizer.schedule;
    if (!schedule || scheduleEnd(schedule) <= length.iterations) continue;
    const reached = learningRateAt(step.optimizer, length.iterations - 1);
    reporter.report('ScheduleLongerThanTraining', lrSpan(item) ?? item.span, {
      step: step.name,
      end: formatCount(scheduleEnd(schedule)),
      iterations: formatCount(length.iterations),
      reached: String(Number(reached.toPrecision(4))),
    }, { hint: `shorten the schedule (\`over\`${schedule.kind === 'linear' ? ', `after`' : ''}) or train for ${formatCount(scheduleEnd(schedule))} steps` });
  }
}

function lrSpan(item: StepItem): Span | undefined {
  return item.optimizer.args.find((arg) => arg.name?.name === 'lr' || (!arg.name && item.optimizer.args.indexOf(arg) === 0))?.value.span;
}
