import type { CallExpr, DataDecl, LatentDecl, Span, TypeExpr } from '../parser/ast.js';
import type { DataSource, DataSourceSpec, Distribution, Latent, ValueType } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments } from './bindArguments.js';
import { evaluateChoice, evaluateConstant, evaluateFloat32, evaluatePositiveInteger, evaluateString, sourceText, type ConstantScope, type Limit } from './constants.js';
import { MAX_CLASSES, formatCount } from '../ir/limits.js';
import { sourceOf } from './sourceOf.js';
import { evaluateShape } from './tensorSize.js';
import { formatShape } from './shapes.js';
import { shapeFits } from '../ir/shapeFits.js';
import { didYouMean } from './suggest.js';

export function evaluateType(type: TypeExpr, scope: ConstantScope, reporter: Reporter): ValueType | undefined {
  if (type.kind === 'ClassType') {
    const classes = evaluatePositiveInteger(type.classes, scope, reporter, 'the number of classes', CLASS_LIMIT);
    if (classes === undefined) return undefined;
    if (classes < 2) {
      reporter.report('InvalidArgumentValue', type.classes.span, { name: 'K in class[K]', expected: 'at least 2', actual: String(classes) });
      return undefined;
    }
    return { kind: 'class', classes };
  }
  const shape = evaluateShape(type.dims, scope, reporter, type.span);
  if (shape && shape.length === 0) {
    reporter.report('EmptyShape', type.span, {}, { hint: 'a value has at least one axis: write [1] for a single number' });
    return undefined;
  }
  return shape ? { kind: 'tensor', shape } : undefined;
}

export const CLASS_LIMIT: Limit = { max: MAX_CLASSES, why: `labels reach training as float32 (one_hot, cross_entropy), which holds every whole number exactly only up to ${formatCount(MAX_CLASSES)}` };

const SOURCES = ['mnist', 'fashion_mnist', 'idx', 'csv', 'npy', 'images'] as const;
/** `classes: [0, 3]` keeps only examples of those classes (the one-class anomaly protocol); labelled sources only. */
const CLASSES_PARAM = { name: 'classes', optional: true } as const;
/** The sources whose examples are 28×28 grey digits or clothes with 10 classes. */
const MNIST_LIKE = new Set(['mnist', 'fashion_mnist']);

/** The source a `data` declaration (or an `eval … from`) reads; `hasLabel`: the declaration has a class[K] field. */
export function sourceSpec(call: CallExpr, hasLabel: boolean, reporter: Reporter): DataSourceSpec | undefined {
  const kind = call.callee.name;
  const bind = (params: { name: string; optional?: boolean }[]) => bindArguments(call.args, { name: kind, params }, reporter, call.span);
  const string = (value: import('../parser/ast.js').Expr | undefined, what: string) => (value ? evaluateString(value, reporter, what) : undefined);
  const split = (args: ReturnType<typeof bind>) => {
    const expr = args.values.get('split');
    return expr ? evaluateChoice(expr, ['train', 'test'] as const, reporter, 'split') : 'train';
  };
  const needsLabels = (has: boolean, how: string) => {
    if (hasLabel && !has) {
      reporter.report('MissingArgument', call.span, { callee: kind, name: how }, { hint: `a class[K] field needs \`${how}\` so the labels can be read` });
      return false;
    }
    return true;
  };
  switch (kind) {
    case 'mnist': {
      const args = bind([{ name: 'split', optional: true }, CLASSES_PARAM]);
      const s = split(args);
      return s && { kind, split: s };
    }
    case 'fashion_mnist': {
      const args = bind([{ name: 'dir' }, { name: 'split', optional: true }, CLASSES_PARAM]);
      const dir = string(args.values.get('dir'), 'dir');
      const s = split(args);
      return dir !== undefined && s ? { kind, dir, split: s } : undefined;
    }
    case 'idx': {
      const args = bind([{ name: 'images' }, { name: 'labels', optional: true }, CLASSES_PARAM]);
      const images = string(args.values.get('images'), 'images');
      const labels = string(args.values.get('labels'), 'labels');
      if (images === undefined || !needsLabels(labels !== undefined, 'labels')) return undefined;
      return labels === undefined ? { kind, images } : { kind, images, labels };
    }
    case 'csv': {
      const args = bind([{ name: 'path' }, { name: 'label', optional: true }, CLASSES_PARAM]);
      const path = string(args.values.get('path'), 'path');
      const label = string(args.values.get('label'), 'label');
      if (path === undefined || !needsLabels(label !== undefined, 'label')) return undefined;
      return label === undefined ? { kind, path } : { kind, path, label };
    }
    case 'npy': case 'images': {
      const args = bind([{ name: kind === 'npy' ? 'path' : 'dir' }]);
      const path = string(args.values.get(kind === 'npy' ? 'path' : 'dir'), kind === 'npy' ? 'path' : 'dir');
      if (path === undefined) return undefined;
      if (hasLabel) {
        reporter.report('ClassMisuse', call.span, { name: 'the label field', type: 'class[K]', problem: `\`${kind}\` sources hold no labels` }, { hint: 'use `csv(…, label: "column")` or `idx(images: …, labels: …)` for labelled data' });
        return undefined;
      }
      return kind === 'npy' ? { kind, path } : { kind, dir: path };
    }
    default:
      reporter.report('UnknownCallee', call.callee.span, { what: 'data source', name: kind }, { hint: didYouMean(kind, SOURCES) ?? `the sources are ${SOURCES.join(', ')}` });
      return undefined;
  }
}

/** A data declaration's source, when it checks, and the fields whose types are known either way. */
export interface ElaboratedData {
  readonly source?: DataSource;
  /** Known even when the source is wrong, so uses of the fields are still checked. */
  readonly fields: readonly { readonly name: string; readonly type: ValueType; readonly span: Span }[];
}

export function elaborateData(decl: DataDecl, index: number, scope: ConstantScope, reporter: Reporter): ElaboratedData {
  const fields: { name: string; type: ValueType; role: 'example' | 'label'; span: Span }[] = [];
  for (const field of decl.fields) {
    const type = evaluateType(field.type, scope, reporter);
    if (type) fields.push({ name: field.name.name, type, role: type.kind === 'class' ? 'label' : 'example', span: field.name.span });
  }
  const source = dataSource(decl, index, fields, scope, reporter);
  return source ? { source, fields } : { fields };
}

function dataSource(
  decl: DataDecl,
  index: number,
  fields: readonly { name: string; type: ValueType; role: 'example' | 'label'; span: Span }[],
  scope: ConstantScope,
  reporter: Reporter,
): DataSource | undefined {
  if (fields.length !== decl.fields.length) return undefined;
  const examples = fields.filter((f) => f.role === 'example');
  const labels = fields.filter((f) => f.role === 'label');
  if (examples.length !== 1 || labels.length > 1) {
    reporter.report('DataFieldCount', decl.span, { examples: examples.length, labels: labels.length }, {
      hint: 'write `data x: [28, 28, 1], y: class[10] from mnist(split: "train")`',
    });
    return undefined;
  }
  const spec = sourceSpec(decl.source, labels.length === 1, reporter);
  if (!spec) return undefined;
  const classes = keptClasses(decl, spec, labels[0]?.type, scope, reporter);
  if (classes === null) return undefined;
  const example = examples[0]!;
  if (MNIST_LIKE.has(spec.kind)) {
    const shape = (example.type as { shape: readonly number[] }).shape;
    if (!shapeFits(shape, [28, 28, 1])) {
      reporter.report('DataShape', example.span, { path: spec.kind, problem: `its images are [28, 28, 1] (784 values), but \`${example.name}\` is declared ${formatShape(shape)}` }, {
        hint: `declare \`${example.name}: [28, 28, 1]\` (or [28, 28], or [784])`,
      });
      return undefined;
    }
    const label = labels[0];
    if (label && label.type.kind === 'class' && label.type.classes !== 10) {
      reporter.report('DataShape', label.span, { path: spec.kind, problem: `its labels are class[10], but \`${label.name}\` is declared class[${label.type.classes}]` }, { hint: `declare \`${label.name}: class[10]\`` });
      return undefined;
    }
  }
  let range: [number, number] = [0, 1];
  if (decl.scale) {
    const low = evaluateFloat32(decl.scale.low, scope, reporter, 'scale');
    const high = evaluateFloat32(decl.scale.high, scope, reporter, 'scale');
    if (low === undefined || high === undefined) return undefined;
    if (!(low < high)) {
      reporter.report('InvalidArgumentValue', decl.scale.span, { name: 'scale', expected: 'LO..HI with LO < HI', actual: `${low}..${high}` });
      return undefined;
    }
    range = [low, high];
  }
  return {
    index,
    spec,
    fields: fields.map(({ name, type, role }) => ({ name, type, role })),
    range,
    ...(classes ? { classes } : {}),
    source: sourceOf(decl.span),
  };
}

/**
 * The `classes:` argument: distinct whole numbers below the source's class
 * count, in ascending order; undefined when absent, null when wrong (reported).
 */
function keptClasses(decl: DataDecl, spec: DataSourceSpec, label: ValueType | undefined, scope: ConstantScope, reporter: Reporter): readonly number[] | undefined | null {
  const argument = decl.source.args.find((a) => a.name?.name === 'classes');
  if (!argument) return undefined;
  const expr = argument.value;
  const kind = spec.kind;
  // npy and images take no `classes:` at all (E0204, reported by sourceSpec).
  if (kind === 'npy' || kind === 'images') return null;
  const readsLabels = MNIST_LIKE.has(kind) || (kind === 'idx' && spec.labels !== undefined) || (kind === 'csv' && spec.label !== undefined);
  if (!readsLabels) {
    const how = kind === 'idx' ? 'labels' : 'label';
    reporter.report('MissingArgument', decl.source.span, { callee: kind, name: how }, { hint: `\`classes:\` keeps examples by their label, so the source needs \`${how}\` to read the labels` });
    return null;
  }
  const count = label?.kind === 'class' ? label.classes : MNIST_LIKE.has(kind) ? 10 : undefined;
  if (expr.kind !== 'List' || expr.items.length === 0) {
    reporter.report('InvalidArgumentValue', expr.span, { name: 'classes', expected: 'a list of class numbers such as [0] or [1, 7]', actual: sourceText(expr) });
    return null;
  }
  const kept = new Set<number>();
  for (const item of expr.items) {
    const value = evaluateConstant(item, scope, reporter, 'a class');
    if (value === undefined) return null;
    if (!Number.isInteger(value) || value < 0 || (count !== undefined && value >= count)) {
      const expected = count === undefined ? 'a list of whole numbers from 0' : `a list of whole numbers from 0 to ${count - 1}`;
      const written = sourceText(item);
      reporter.report('InvalidArgumentValue', item.span, { name: 'classes', expected, actual: written === String(value) ? written : `${written} (${value})` });
      return null;
    }
    if (kept.has(value)) {
      reporter.report('InvalidArgumentValue', item.span, { name: 'classes', expected: 'a list of distinct classes', actual: `${value} twice` });
      return null;
    }
    kept.add(value);
  }
  return [...kept].sort((a, b) => a - b);
}

export function elaborateLatent(decl: LatentDecl, scope: ConstantScope, reporter: Reporter, slot: () => number): Latent | undefined {
  const type = evaluateType(decl.type, scope, reporter);
  const call = decl.distribution;
  const kind = call.callee.name;
  const number = (expr: import('../parser/ast.js').Expr | undefined, what: string, fallback: number) =>
    expr ? evaluateFloat32(expr, scope, reporter, what) : fallback;
  let distribution: Distribution | undefined;
  if (kind === 'normal') {
    const args = bindArguments(call.args, { name: kind, params: [{ name: 'mean', optional: true }, { name: 'std', optional: true }] }, reporter, call.span);
    const mean = number(args.values.get('mean'), 'mean', 0);
    const std = number(args.values.get('std'), 'std', 1);
    if (mean !== undefined && std !== undefined) distribution = { kind, mean, std };
  } else if (kind === 'uniform') {
    const args = bindArguments(call.args, { name: kind, params: [{ name: 'low' }, { name: 'high' }] }, reporter, call.span);
    const low = number(args.values.get('low'), 'low', 0);
    const high = number(args.values.get('high'), 'high', 1);
    if (low !== undefined && high !== undefined) distribution = { kind, low, high };
  } else if (kind === 'categorical') {
    const args = bindArguments(call.args, { name: kind, params: [{ name: 'classes' }] }, reporter, call.span);
    const expr = args.values.get('classes');
    const classes = expr ? evaluatePositiveInteger(expr, scope, reporter, 'the number of classes', CLASS_LIMIT) : undefined;
    if (classes !== undefined) {
      if (type && (type.kind !== 'class' || type.classes !== classes)) {
        reporter.report('InvalidArgumentValue', decl.type.span, { name: `the type of \`${decl.name.name}\``, expected: `class[${classes}] for categorical(${classes})`, actual: type.kind === 'class' ? `class[${type.classes}]` : formatShape(type.shape) }, {
          hint: `declare \`latent ${decl.name.name}: class[${classes}] ~ categorical(${classes})\` and use \`one_hot(${decl.name.name})\` where a vector is needed`,
        });
        return undefined;
      }
      distribution = { kind, classes };
    }
  } else {
    reporter.report('UnknownCallee', call.callee.span, { what: 'distribution', name: kind }, { hint: didYouMean(kind, ['normal', 'uniform', 'categorical']) ?? 'use normal(mean, std), uniform(low, high) or categorical(K)' });
  }
  if (!type || !distribution) return undefined;
  if (type.kind === 'class' && distribution.kind !== 'categorical') {
    reporter.report('InvalidArgumentValue', call.span, { name: 'the distribution of a class latent', expected: `categorical(${type.classes})`, actual: `${kind}(…)` });
    return undefined;
  }
  return { name: decl.name.name, type, distribution, slot: slot(), source: sourceOf(decl.span) };
}
