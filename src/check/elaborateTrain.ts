import type { CallExpr, EmaItem, EvalItem, SampleItem, SettingItem, Span, StepItem, TrainDecl } from '../parser/ast.js';
import type { Binding, Length, Network, Optimizer, Step, Train } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments } from './bindArguments.js';
import { evaluateConstant, evaluateFloat32, evaluatePositiveInteger, type ConstantScope, type Limit } from './constants.js';
import { MAX_SEED, MAX_STEP_EXECUTIONS, MAX_TENSOR_ELEMENTS, formatCount } from '../ir/limits.js';
import { sourceOf } from './sourceOf.js';
import type { ExpressionElaborator } from './elaborateExpressions.js';
import { typeToString } from './termProblems.js';
import { didYouMean } from './suggest.js';
import { elaborateOptimizer } from './elaborateOptimizer.js';
import { warnLongSchedules } from './elaborateSchedule.js';
import { sourcesRead } from '../ir/dependencies.js';
import { imageShape } from '../ir/imageShape.js';

/** Where each step's objective came from, for the dependency check. */
export interface StepSource {
  readonly step: Step;
  readonly item: StepItem;
}

export interface ElaboratedTrain {
  readonly train: Train;
  readonly steps: readonly StepSource[];
  /** Where the batch and the length are set (the train block when they are defaults), for limits found later. */
  readonly spans: { readonly batch: Span; readonly length: Span };
  /** `eval … every N`, resolved against the data sources later (elaborateEvaluation.ts). */
  readonly evaluation?: { readonly every: number; readonly item: EvalItem };
}

const EXECUTIONS_LIMIT: Limit = { max: MAX_STEP_EXECUTIONS, why: 'each step execution draws its noise from its own 32-bit seed stream, so a run executes steps at most 2^32 − 3 times' };
const BATCH_LIMIT: Limit = { max: MAX_TENSOR_ELEMENTS, why: `a batch is one tensor, and tfjs holds at most ${formatCount(MAX_TENSOR_ELEMENTS)} elements in one` };
const SETTING_LIMITS: Readonly<Record<'batch' | 'epochs' | 'steps', Limit>> = { batch: BATCH_LIMIT, epochs: EXECUTIONS_LIMIT, steps: EXECUTIONS_LIMIT };

/** Images in a sample grid, as docs/language.md promises. */
export const SAMPLE_COUNT = 64;
export const DEFAULT_BATCH = 32;

/** What the parts of one train block share while it is elaborated. */
interface TrainScope {
  readonly networks: ReadonlyMap<string, Network | undefined>;
  readonly expressions: ExpressionElaborator;
  readonly scope: ConstantScope;
  readonly reporter: Reporter;
  /** Step names seen so far, for E0217. */
  readonly stepNames: Set<string>;
}

type Settings = Map<string, { value: number; span: Span }>;

export function elaborateTrain(
  decl: TrainDecl,
  networks: ReadonlyMap<string, Network | undefined>,
  expressions: ExpressionElaborator,
  scope: ConstantScope,
  hasData: boolean,
  reporter: Reporter,
): ElaboratedTrain | undefined {
  const ts: TrainScope = { networks, expressions, scope, reporter, stepNames: new Set() };
  const items: TrainItems = { steps: [], settings: new Map(), ema: [], samples: [] };
  let ok = true;
  for (const item of decl.items) ok = elaborateItem(item, items, ts) && ok;
  const { steps, settings, ema, samples, checkpointEvery, evaluation } = items;

  if (decl.items.every((i) => i.kind !== 'StepItem')) {
    reporter.report('NoSteps', decl.span, {}, { hint: 'add `step s: minimize LOSS over NETWORK with adam(lr: 1e-3)`' });
    ok = false;
  }
  // Epochs count passes over data that a step reads; data read only elsewhere does not move.
  const readsData = sourcesRead(expressions.nodes, steps.map((s) => s.step.objective)).size > 0;
  const length = resolveLength(decl, settings, { readsData, hasData, ok }, reporter);
  if (!ok || !length) return undefined;
  warnLongSchedules(steps, length, reporter);
  const lengthSpan = (settings.get('steps') ?? settings.get('epochs'))?.span ?? decl.span;
  return {
    train: {
      steps: steps.map((s) => s.step),
      batch: settings.get('batch')?.value ?? DEFAULT_BATCH,
      length,
      seed: settings.get('seed')?.value ?? 0,
      ema,
      samples,
      ...(checkpointEvery !== undefined ? { checkpointEvery } : {}),
    },
    steps,
    spans: { batch: settings.get('batch')?.span ?? decl.span, length: lengthSpan },
    ...(evaluation ? { evaluation } : {}),
  };
}

/** What the train block's items add up to, as they are elaborated in order. */
interface TrainItems {
  readonly steps: StepSource[];
  readonly settings: Settings;
  readonly ema: Train['ema'][number][];
  readonly samples: Train['samples'][number][];
  checkpointEvery?: number;
  evaluation?: ElaboratedTrain['evaluation'];
}

/** One item of the train block added to `items`; false after reporting. */
function elaborateItem(item: TrainDecl['items'][number], items: TrainItems, ts: TrainScope): boolean {
  const { scope, reporter } = ts;
  switch (item.kind) {
    case 'StepItem': {
      const step = elaborateStep(item, ts);
      if (step) items.steps.push({ step, item });
      return step !== undefined;
    }
    case 'SettingItem':
      return elaborateSetting(item, items.settings, ts);
    case 'EmaItem': {
      const average = elaborateEma(item, ts);
      if (average) items.ema.push(average);
      return average !== undefined;
    }
    case 'SampleItem': {
      const sample = elaborateSample(item, ts);
      if (sample) items.samples.push(sample);
      return sample !== undefined;
    }
    case 'CheckpointItem': {
      const every = evaluatePositiveInteger(item.every, scope, reporter, 'the checkpoint interval', EXECUTIONS_LIMIT);
      if (every !== undefined) items.checkpointEvery = every;
      return every !== undefined;
    }
    case 'EvalItem': {
      if (items.evaluation) {
        reporter.report('DuplicateSetting', item.span, { name: 'eval' }, { hint: `one \`eval\` lists every held-out source: \`eval x from …, y from … every N\`; the first is at line ${items.evaluation.item.span.start.line}` });
        return false;
      }
      const every = evaluatePositiveInteger(item.every, scope, reporter, 'the eval interval', EXECUTIONS_LIMIT);
      if (every !== undefined) items.evaluation = { every, item };
      return every !== undefined;
    }
  }
}

/** One `step`: its objective, `over` list, optimizer and repeat; undefined after reporting. */
function elaborateStep(item: StepItem, ts: TrainScope): Step | undefined {
  const { networks, expressions, scope, reporter, stepNames } = ts;
  const name = item.name.name;
  if (stepNames.has(name)) {
    reporter.report('DuplicateStep', item.name.span, { name }, { hint: 'step names must differ' });
    return undefined;
  }
  stepNames.add(name);
  const objective = expressions.expression(item.objective);
  const optimizer = elaborateOptimizer(item.optimizer, scope, reporter);
  const repeat = item.repeat ? evaluatePositiveInteger(item.repeat, scope, reporter, '`repeat`', EXECUTIONS_LIMIT) : 1;
  const over = elaborateOver(item, ts);
  let valid = objective !== undefined && optimizer !== undefined && repeat !== undefined && over !== undefined;
  if (objective !== undefined) {
    const type = expressions.typeOf(objective);
    if (type.kind !== 'tensor' || type.shape.length !== 0) {
      reporter.report('NotAScalar', item.objective.span, { what: 'the objective of a step', actual: typeToString(type) }, { hint: 'minimize a `loss`' });
      valid = false;
    }
  }
  if (!valid || objective === undefined || !optimizer || repeat === undefined || !over) return undefined;
  const reported: Binding = item.objective.kind === 'Name' && expressions.bindings.has(item.objective.name)
    ? { name: item.objective.name, node: objective }
    : { name, node: objective };
  const minimized = item.direction === 'maximize' ? expressions.negation(objective, item.objective.span) : objective;
  const weights = over.flatMap((n) => networks.get(n)?.weights ?? []);
  return { name, objective: minimized, reports: [reported], over, weights, optimizer, repeat, source: sourceOf(item.span) };
}

/** A step's `over` list: declared networks, each once; undefined after reporting (every mistake is reported). */
function elaborateOver(item: StepItem, ts: TrainScope): string[] | undefined {
  const { networks, expressions, scope, reporter } = ts;
  const over: string[] = [];
  let valid = true;
  for (const id of item.over) {
    if (over.includes(id.name)) {
      reporter.report('NetworkUsedTwiceInOver', id.span, { name: id.name });
      valid = false;
    } else if (!networks.has(id.name)) {
      reporter.report('NotANetwork', id.span, { name: id.name, what: expressions.bindings.has(id.name) || scope.has(id.name) ? 'a value' : 'not declared' }, {
        hint: () => didYouMean(id.name, networks.keys()) ?? '`over` lists the networks this step updates',
      });
      valid = false;
    } else {
      over.push(id.name);
    }
  }
  return valid ? over : undefined;
}

/** `batch`, `epochs`, `steps` or `seed`, recorded in `settings`; false after reporting. */
function elaborateSetting(item: SettingItem, settings: Settings, ts: TrainScope): boolean {
  const { scope, reporter } = ts;
  if (settings.has(item.setting)) {
    reporter.report('DuplicateSetting', item.keyword, { name: item.setting });
    return false;
  }
  const value = item.setting === 'seed'
    ? evaluateConstant(item.value, scope, reporter, 'seed')
    : evaluatePositiveInteger(item.value, scope, reporter, `\`${item.setting}\``, SETTING_LIMITS[item.setting]);
  if (value === undefined) return false;
  // Seeds are mixed as unsigned 32-bit integers: 2^32 would train exactly as 0 does.
  if (item.setting === 'seed' && !(Number.isInteger(value) && value >= 0 && value <= MAX_SEED)) {
    reporter.report('BadSeed', item.value.span, { value: String(value) }, { hint: `any whole number from 0 to ${MAX_SEED} picks a reproducible run` });
    return false;
  }
  settings.set(item.setting, { value, span: item.span });
  return true;
}

/** `ema NETWORK DECAY`; undefined after reporting. */
function elaborateEma(item: EmaItem, ts: TrainScope): Train['ema'][number] | undefined {
  const { networks, expressions, scope, reporter } = ts;
  const name = item.network.name;
  if (!networks.has(name)) {
    reporter.report('NotANetwork', item.network.span, { name, what: 'not declared' }, { hint: () => didYouMean(name, networks.keys()) ?? 'ema keeps an average of a network\'s weights' });
    return undefined;
  }
  const decay = evaluateConstant(item.decay, scope, reporter, 'the ema decay');
  if (decay === undefined) return undefined;
  if (!(decay > 0 && decay < 1)) {
    reporter.report('DecayRange', item.decay.span, { what: 'the ema decay', value: String(decay) }, { hint: 'typical values are 0.99 to 0.9999' });
    return undefined;
  }
  expressions.used.add(name);
  return { network: name, decay };
}

/** `sample VALUE every N`: a value a PNG grid can show; undefined after reporting. */
function elaborateSample(item: SampleItem, ts: TrainScope): Train['samples'][number] | undefined {
  const { expressions, scope, reporter } = ts;
  const node = expressions.expression(item.value);
  const every = evaluatePositiveInteger(item.every, scope, reporter, 'the sample interval', EXECUTIONS_LIMIT);
  if (node === undefined || every === undefined) return undefined;
  const type = expressions.typeOf(node);
  if (type.kind !== 'tensor' || type.shape.length === 0) {
    reporter.report('FunctionArgumentShape', item.value.span, { fn: 'sample', expected: 'a batch of examples, such as `G(z)`', actual: typeToString(type) });
    return undefined;
  }
  // Train writes each sample as a PNG grid; a value no grid can show is found here, not by a run without grids.
  if (!imageShape(type.shape)) {
    reporter.report('SampleNotImage', item.value.span, { shape: typeToString(type) }, {
      label: 'not an image',
      hint: 'a grid shows examples shaped [H, W, C] with C = 1, 3 or 4, [H, W], or [N] with N a square (784 = 28×28); sample a decoder\'s or generator\'s image output',
    });
    return undefined;
  }
  return { node, every, count: SAMPLE_COUNT };
}

/**
 * `epochs` or `steps` (one epoch when neither is set and a step reads data);
 * undefined after reporting. `ok` is false when an earlier part failed: then
 * which data the steps read is unknown, and nothing is said about it.
 */
function resolveLength(
  decl: TrainDecl,
  settings: Settings,
  facts: { readonly readsData: boolean; readonly hasData: boolean; readonly ok: boolean },
  reporter: Reporter,
): Length | undefined {
  const { readsData, hasData, ok } = facts;
  const epochs = settings.get('epochs');
  const iterations = settings.get('steps');
  const noData = hasData ? 'no step reads data' : 'this spec has no `data`';
  if (epochs && iterations) {
    reporter.report('EpochsAndSteps', iterations.span, { line: epochs.span.start.line }, { hint: `remove one; \`epochs\` is at line ${epochs.span.start.line}` });
    return undefined;
  }
  if (iterations) return { kind: 'steps', iterations: iterations.value };
  if (epochs) {
    if (!readsData && ok) {
      reporter.report('StepsRequired', epochs.span, { reason: noData }, { hint: 'use `steps N`' });
      return undefined;
    }
    return { kind: 'epochs', epochs: epochs.value };
  }
  if (readsData) {
    reporter.report('TrainingLengthDefault', decl.span, { epochs: 1 }, { hint: 'add `epochs N` or `steps N`' });
  } else if (ok) {
    reporter.report('StepsRequired', decl.span, { reason: noData }, { hint: 'add `steps 10000`' });
    return undefined;
  }
  return { kind: 'epochs', epochs: 1 };
}
