// A step's `with …` call: the optimizer, its arguments with their defaults,
// and the training controls every optimizer takes (`lr:` as a schedule,
// `clip_norm:`) and those some take (`weight_decay:`). docs/language.md,
// "Optimizers and training controls".
import type { Argument, CallExpr, Expr } from '../parser/ast.js';
import type { Optimizer, OptimizerControls } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments } from './bindArguments.js';
import { evaluateFloat32, formatNumber, type ConstantScope } from './constants.js';
import { didYouMean } from './suggest.js';
import { elaborateSchedule, SCHEDULES } from './elaborateSchedule.js';

const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'rmsprop'];

/** Each optimizer's own arguments and defaults, in positional order (Keras's defaults; adamw's decay is PyTorch's). */
const PARAMETERS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  adam: [['lr', 1e-3], ['beta1', 0.9], ['beta2', 0.999], ['epsilon', 1e-7]],
  adamw: [['lr', 1e-3], ['beta1', 0.9], ['beta2', 0.999], ['epsilon', 1e-7], ['weight_decay', 0.01]],
  sgd: [['lr', 1e-2], ['momentum', 0], ['weight_decay', 0]],
  rmsprop: [['lr', 1e-3], ['rho', 0.9], ['momentum', 0], ['epsilon', 1e-7]],
};

/** Below 1 (a decay or momentum factor); the others only need to be 0 or more. */
const FRACTIONS = new Set(['beta1', 'beta2', 'rho', 'momentum']);

export function elaborateOptimizer(call: CallExpr, scope: ConstantScope, reporter: Reporter): Optimizer | undefined {
  const kind = call.callee.name;
  const parameters = PARAMETERS[kind];
  if (!parameters) {
    reporter.report('UnknownCallee', call.callee.span, { what: 'optimizer', name: kind }, { hint: didYouMean(kind, OPTIMIZERS) ?? 'use adam(lr: …), adamw(lr: …, weight_decay: …), sgd(lr: …, momentum: …) or rmsprop(lr: …)' });
    return undefined;
  }
  const args = call.args.filter((arg) => !isAdamWeightDecay(kind, arg, reporter));
  const bound = bindArguments(args, { name: kind, params: [...parameters.map(([name]) => ({ name, optional: true })), { name: 'clip_norm', optional: true }] }, reporter, call.span);
  let ok = true;
  const values: Record<string, number> = {};
  let controls: OptimizerControls = {};
  for (const [name, fallback] of parameters) {
    const expr = bound.values.get(name);
    if (name === 'lr' && expr?.kind === 'Call') {
      const scheduled = elaborateSchedule(expr, scope, reporter);
      if (scheduled) {
        values[name] = scheduled.start;
        controls = { schedule: scheduled.schedule };
      } else ok = false;
      continue;
    }
    const value = expr ? readNumber(expr, name, scope, reporter) : fallback;
    if (value === undefined) ok = false;
    else values[name] = value;
  }
  const clipExpr = bound.values.get('clip_norm');
  if (clipExpr) {
    const clipNorm = readNumber(clipExpr, 'clip_norm', scope, reporter);
    if (clipNorm === undefined) ok = false;
    else if (!(clipNorm > 0)) {
      reporter.report('ClipNormNotPositive', clipExpr.span, { value: formatNumber(clipNorm) }, { hint: '`clip_norm: 1.0` scales the step\'s gradients so that their global norm is at most 1.0; leave it out to not clip' });
      ok = false;
    } else controls = { ...controls, clipNorm };
  }
  if (!ok) return undefined;
  if (kind === 'adamw' && !checkDecayFactor(call, values, controls, reporter)) return undefined;
  return build(kind, values, controls);
}

function build(kind: string, v: Record<string, number>, controls: OptimizerControls): Optimizer {
  switch (kind) {
    case 'adam':
      return { kind, lr: v.lr!, beta1: v.beta1!, beta2: v.beta2!, epsilon: v.epsilon!, ...controls };
    case 'adamw':
      return { kind, lr: v.lr!, beta1: v.beta1!, beta2: v.beta2!, epsilon: v.epsilon!, weightDecay: v.weight_decay!, ...controls };
    case 'sgd':
      // weightDecay only when set, so the IR of a spec without it stays as it was.
      return { kind, lr: v.lr!, momentum: v.momentum!, ...(v.weight_decay ? { weightDecay: v.weight_decay } : {}), ...controls };
    default:
      return { kind: 'rmsprop', lr: v.lr!, rho: v.rho!, momentum: v.momentum!, epsilon: v.epsilon!, ...controls };
  }
}

/** A number argument: 0 or more, below 1 for a factor; a schedule anywhere but `lr:` is E0232. */
function readNumber(expr: Expr, name: string, scope: ConstantScope, reporter: Reporter): number | undefined {
  if (expr.kind === 'Call' && SCHEDULES.includes(expr.callee.name)) {
    reporter.report('ScheduleOutsideLr', expr.span, { name, schedule: expr.callee.name }, { hint: `only the learning rate follows a schedule: \`lr: ${expr.callee.name}(…)\`` });
    return undefined;
  }
  const value = evaluateFloat32(expr, scope, reporter, name);
  if (value === undefined) return undefined;
  if (!(value >= 0) || (FRACTIONS.has(name) && value >= 1)) {
    reporter.report('InvalidArgumentValue', expr.span, { name, expected: FRACTIONS.has(name) ? 'in [0, 1)' : 'a positive number', actual: String(value) });
    return undefined;
  }
  return value;
}

/** `adam(weight_decay: …)`: E0234, pointing at adamw (reported here, so not also as an unknown argument). */
function isAdamWeightDecay(kind: string, arg: Argument, reporter: Reporter): boolean {
  if (kind !== 'adam' || arg.name?.name !== 'weight_decay') return false;
  reporter.report('AdamWeightDecay', arg.name.span, {}, { hint: 'write `adamw(lr: …, weight_decay: …)`: its decay is decoupled from the gradient, as torch.optim.AdamW\'s and Keras\'s AdamW are' });
  return true;
}

/** E0420: lr · weight_decay of 1 or more makes adamw's factor 1 − lr·λ zero or negative. */
function checkDecayFactor(call: CallExpr, v: Record<string, number>, controls: OptimizerControls, reporter: Reporter): boolean {
  const schedule = controls.schedule;
  const highest = Math.max(v.lr!, schedule?.kind === 'linear' ? schedule.to : schedule?.kind === 'cosine' ? schedule.min : 0);
  const factor = 1 - highest * v.weight_decay!;
  if (factor > 0) return true;
  reporter.report('DecayFactorNotPositive', call.span, { lr: formatNumber(highest), decay: formatNumber(v.weight_decay!), factor: formatNumber(factor) }, {
    hint: 'adamw multiplies each weight by 1 − lr·weight_decay before every update; usual values are weight_decay 0.01 to 0.1 with lr below 1e-2',
  });
  return false;
}
