import type { CallExpr, Expr, NameExpr, NetworkDecl, NetworkStatement, Span } from '../parser/ast.js';
import type { Init, LayerNode, Network, Shape, StateTensor, Weight } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments } from './bindArguments.js';
import { checkLimit, evaluateConstant, evaluateFloat32, isPositiveInteger, type ConstantScope, type Limit } from './constants.js';
import { MAX_TENSOR_ELEMENTS, formatCount } from '../ir/limits.js';
import { LAYERS, isLayerName, type LayerBuildContext } from './layers.js';
import { elementCount, formatShape, sameShape } from './shapes.js';
import { didYouMean } from './suggest.js';

/** Module-wide tables that networks add to as they are elaborated. */
export interface ModuleTables {
  readonly weights: Weight[];
  readonly state: StateTensor[];
  nextSlot(): number;
}

/** The checked signature of a network, known before its body is elaborated. */
export interface NetworkSignature {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly shape: Shape | undefined; readonly span: Span }[];
  readonly outputs: readonly { readonly name: string | null; readonly shape: Shape | undefined }[];
}

/** Where in the body each node came from, for later warnings. */
export interface ElaboratedNetwork {
  readonly network: Network;
  /** The activation that produces each output, for range warnings (undefined: linear). */
  readonly outputActivations: readonly (string | undefined)[];
}

const DEFAULT_INIT: Init = { kind: 'glorot_uniform' };

export function resolveInit(decl: NetworkDecl, scope: ConstantScope, reporter: Reporter): Init {
  const init = decl.init;
  if (!init) return DEFAULT_INIT;
  const name = init.kind === 'Name' ? init.name : init.callee.name;
  if (name === 'glorot_uniform' || name === 'he_normal') {
    if (init.kind === 'Call' && init.args.length > 0) {
      reporter.report('WrongArity', init.span, { callee: name, expected: 'no arguments', actual: init.args.length });
    }
    return { kind: name };
  }
  if (name === 'normal') {
    const args = bindArguments(init.kind === 'Call' ? init.args : [], { name: 'normal', params: [{ name: 'mean' }, { name: 'std' }] }, reporter, init.span);
    const mean = args.values.get('mean');
    const std = args.values.get('std');
    const meanValue = mean ? evaluateFloat32(mean, scope, reporter, 'mean') : undefined;
    const stdValue = std ? evaluateFloat32(std, scope, reporter, 'std') : undefined;
    if (meanValue === undefined || stdValue === undefined) return DEFAULT_INIT;
    return { kind: 'normal', mean: meanValue, std: stdValue };
  }
  reporter.report('UnknownCallee', init.kind === 'Name' ? init.span : init.callee.span, { what: 'initialiser', name }, {
    hint: didYouMean(name, ['glorot_uniform', 'he_normal', 'normal']) ?? 'use glorot_uniform, he_normal or normal(mean, std)',
  });
  return DEFAULT_INIT;
}

/**
 * Infers the shape of every layer of a network body and builds its IR.
 * Returns undefined (after reporting) when the body cannot be followed.
 */
export function elaborateNetwork(
  decl: NetworkDecl,
  signature: NetworkSignature,
  networkNames: ReadonlySet<string>,
  scope: ConstantScope,
  tables: ModuleTables,
  reporter: Reporter,
): ElaboratedNetwork | undefined {
  const name = decl.name.name;
  const init = resolveInit(decl, scope, reporter);
  const nodes: LayerNode[] = [];
  const weightIds: string[] = [];
  const stateIds: string[] = [];
  /** The weights the layer being built creates, for the size check after it. */
  let layerWeights: { readonly shape: Shape; readonly role: string }[] = [];
  const counters = new Map<string, number>();
  const layerName = (op: string) => {
    const n = (counters.get(op) ?? 0) + 1;
    counters.set(op, n);
    return `${op}_${n}`;
  };
  const ctx: LayerBuildContext = {
    reporter,
    scope,
    init,
    weight(layer, role, shape, weightInit, fanIn, fanOut) {
      const id = `${name}/${layer}/${role}`;
      tables.weights.push({ id, network: name, layer, role, shape, init: weightInit, fanIn, fanOut });
      weightIds.push(id);
      layerWeights.push({ shape, role });
      return id;
    },
    state(layer, role, shape, stateInit) {
      const id = `${name}/${layer}/${role}`;
      tables.state.push({ id, network: name, layer, role, shape, init: stateInit });
      stateIds.push(id);
      return id;
    },
    slot: () => tables.nextSlot(),
  };

  type Value = BodyValue;
  const bound = new Map<string, BodyBinding>();
  let ok = true;

  signature.inputs.forEach((input, index) => {
    nodes.push({ op: 'input', name: input.name, inputs: [], shape: input.shape ?? [], attrs: { index }, source: sourceOf(input.span) });
    bound.set(input.name, { value: { node: index }, span: input.span, used: false, isInput: true });
    if (!input.shape) ok = false;
  });
  if (!ok) return undefined;

  const shapeOf = (value: Value) => nodes[value.node]!.shape;
  let previous: Value | undefined = signature.inputs.length === 1 ? { node: 0 } : undefined;
  if (signature.inputs.length === 1) bound.get(signature.inputs[0]!.name)!.used = true;

  if (decl.body.length === 0) {
    reporter.report('EmptyBody', decl.name.span, { network: name }, { hint: 'add layers, one per line: `dense(64) |> relu`' });
    return undefined;
  }

  const applyLayer = (stage: NameExpr | CallExpr, piped: Value | undefined, isHead: boolean): Value | undefined => {
    const calleeName = stage.kind === 'Name' ? stage.name : stage.callee.name;
    const calleeSpan = stage.kind === 'Name' ? stage.span : stage.callee.span;
    const definition = LAYERS[calleeName]!;
    const args = bindArguments(stage.kind === 'Call' ? stage.args : [], definition.signature, reporter, stage.span);
    if (!args.complete) return undefined;
    const operands: Value[] = [];
    if (definition.takesValues) {
      if (piped && !isHead) operands.push(piped);
      for (const expr of args.rest) {
        if (expr.kind !== 'Name' || !bound.has(expr.name)) {
          reporter.report(expr.kind === 'Name' ? 'UnknownName' : 'InvalidArgumentValue', expr.span,
            expr.kind === 'Name' ? { name: expr.name } : { name: calleeName, expected: 'names of values bound in this body', actual: 'an expression' },
            { hint: () => (expr.kind === 'Name' ? didYouMean(expr.name, bound.keys()) : undefined) });
          return undefined;
        }
        const entry = bound.get(expr.name)!;
        entry.used = true;
        operands.push(entry.value);
      }
      if (isHead && args.rest.length === 0 && piped) operands.push(piped);
    } else {
      if (!piped) {
        reporter.report('LayerWithoutInput', calleeSpan, { layer: calleeName, network: name, count: signature.inputs.length }, { hint: `start the pipeline with one of ${signature.inputs.map((i) => `\`${i.name}\``).join(', ')}: \`${signature.inputs[0]?.name ?? 'x'} |> ${calleeName}\`` });
        return undefined;
      }
      operands.push(piped);
    }
    const layer = layerName(calleeName === 'spectral_norm' ? 'spectral_norm' : calleeName);
    layerWeights = [];
    const result = definition.build(layer, operands.map(shapeOf), args, ctx, stage.span);
    if (!result) return undefined;
    // A layer whose weights or output could not be allocated fails here, before training.
    const tooLarge = [
      ...layerWeights.map((w) => [w.shape, `the ${w.role} of \`${calleeName}\``] as const),
      [result.shape, `the output of \`${calleeName}\` for one example`] as const,
    ].some(([shape, what]) => !checkElementCount(shape, what, stage.span, reporter));
    if (tooLarge) return undefined;
    nodes.push({ ...result, name: layer, inputs: operands.map((o) => o.node), source: sourceOf(stage.span) } as LayerNode);
    const activation = definition.range === 'sets' ? calleeName : definition.range === 'keeps' ? operands[0]?.activation : undefined;
    return { node: nodes.length - 1, activation };
  };

  for (const statement of decl.body) {
    const value = elaborateStatement(statement);
    if (!value) return undefined;
    if (statement.target) {
      const target = statement.target.name;
      if (bound.has(target)) {
        const previousBinding = bound.get(target)!;
        reporter.report(previousBinding.isInput ? 'NameShadows' : 'NameBoundTwice', statement.target.span,
          previousBinding.isInput ? { name: target, what: `the input \`${target}\`` } : { name: target, network: name },
          { hint: 'choose another name' });
        return undefined;
      }
      if (isLayerName(target)) {
        reporter.report('NameShadows', statement.target.span, { name: target, what: `the layer \`${target}\`` }, { hint: `choose another name, such as \`${target}_out\`` });
        return undefined;
      }
      if (networkNames.has(target)) {
        reporter.report('NameShadows', statement.target.span, { name: target, what: `the network \`${target}\`` }, { hint: 'choose another name' });
        return undefined;
      }
      bound.set(target, { value, span: statement.target.span, used: false, isInput: false });
    }
    previous = value;
  }

  function elaborateStatement(statement: NetworkStatement): Value | undefined {
    let current: Value | undefined;
    statement.stages.forEach((stage, index) => {
      if (index > 0 && current === undefined) return;
      const isHead = index === 0;
      const stageName = stage.kind === 'Name' ? stage.name : stage.callee.name;
      const stageSpan = stage.kind === 'Name' ? stage.span : stage.callee.span;
      if (stage.kind === 'Name' && bound.has(stageName)) {
        if (!isHead) {
          reporter.report('ValueAfterPipe', stage.span, { name: stageName }, { hint: `to combine values use \`concat(a, ${stageName})\` or \`add(a, ${stageName})\`` });
          current = undefined;
          return;
        }
        const entry = bound.get(stageName)!;
        entry.used = true;
        current = entry.value;
        return;
      }
      if (isLayerName(stageName)) {
        current = applyLayer(stage, isHead ? previous : current, isHead);
        if (current === undefined) ok = false;
        return;
      }
      if (networkNames.has(stageName)) {
        reporter.report('NetworkInBody', stageSpan, { name: stageName, network: name }, { hint: 'apply networks to each other outside the body: `let h = other(x)`' });
      } else {
        reporter.report('UnknownName', stageSpan, { name: stageName }, {
          hint: () => didYouMean(stageName, [...bound.keys(), ...Object.keys(LAYERS)]) ?? 'a stage is a layer or a value bound earlier in this body',
        });
      }
      current = undefined;
    });
    return current;
  }

  const resolved = resolveOutputs(decl, signature, { previous: previous!, bound, shapeOf }, reporter);
  if (!resolved) return undefined;
  const { outputs, outputActivations } = resolved;
  reportUnusedNames(decl, bound, reporter);

  // One pass over the weights, not a search per weight: 10,000 layers made that quadratic.
  const ownWeights = new Set(weightIds);
  const parameterCount = tables.weights.reduce((total, w) => total + (ownWeights.has(w.id) ? elementCount(w.shape) : 0), 0);
  return {
    network: {
      name,
      inputs: signature.inputs.map((i) => ({ name: i.name, shape: i.shape! })),
      outputs,
      nodes,
      weights: weightIds,
      state: stateIds,
      parameterCount,
      source: sourceOf(decl.span),
    },
    outputActivations,
  };
}

/** A value of a body: a node index plus the activation that produced it (for range warnings). */
interface BodyValue { readonly node: number; readonly activation?: string }

/** A name bound in a body, and whether anything reads it. */
interface BodyBinding { value: BodyValue; span: Span; used: boolean; isInput: boolean }

/** The network's outputs: the last statement's value, or each named output's binding; undefined after reporting. */
function resolveOutputs(
  decl: NetworkDecl,
  signature: NetworkSignature,
  body: { readonly previous: BodyValue; readonly bound: ReadonlyMap<string, BodyBinding>; shapeOf(value: BodyValue): Shape },
  reporter: Reporter,
): { outputs: Network['outputs'][number][]; outputActivations: (string | undefined)[] } | undefined {
  const name = decl.name.name;
  const { bound, shapeOf } = body;
  const outputs: Network['outputs'][number][] = [];
  const outputActivations: (string | undefined)[] = [];
  const last = decl.body[decl.body.length - 1]!;
  let ok = true;
  if (decl.output.kind === 'SingleOutput') {
    const declared = signature.outputs[0]!.shape;
    const value = body.previous;
    const actual = shapeOf(value);
    if (declared && !sameShape(declared, actual)) {
      reporter.report('DeclaredOutputShape', decl.output.shape.span, { network: name, what: 'output', expected: formatShape(declared), actual: formatShape(actual) }, {
        label: `body computes ${formatShape(actual)}`,
        hint: outputHint(declared, actual, last.span.start.line),
      });
      return undefined;
    }
    outputs.push({ name: null, node: value.node, shape: actual });
    outputActivations.push(value.activation);
  } else {
    decl.output.outputs.forEach((output, index) => {
      const entry = bound.get(output.name.name);
      if (!entry || entry.isInput) {
        reporter.report('OutputNotBound', output.name.span, { name: output.name.name, network: name }, { hint: `bind it in the body: \`${output.name.name} = h |> dense(…)\`` });
        ok = false;
        return;
      }
      entry.used = true;
      const declared = signature.outputs[index]!.shape;
      const actual = shapeOf(entry.value);
      if (declared && !sameShape(declared, actual)) {
        reporter.report('DeclaredOutputShape', output.shape.span, { network: name, what: `output \`${output.name.name}\` as`, expected: formatShape(declared), actual: formatShape(actual) }, { label: `body computes ${formatShape(actual)}` });
        ok = false;
        return;
      }
      outputs.push({ name: output.name.name, node: entry.value.node, shape: actual });
      outputActivations.push(entry.value.activation);
    });
    if (!ok) return undefined;
  }
  return { outputs, outputActivations };
}

/** A bound name that nothing reads is probably a mistake (the last one is the output). */
function reportUnusedNames(decl: NetworkDecl, bound: ReadonlyMap<string, BodyBinding>, reporter: Reporter): void {
  const last = decl.body[decl.body.length - 1]!;
  for (const [boundName, entry] of bound) {
    const isLastTarget = last.target?.name === boundName && decl.output.kind === 'SingleOutput';
    if (!entry.used && !isLastTarget) {
      // Found here, where the body's names are known, but it is the unusedNames rule's finding.
      reporter.forRule('unusedNames').report('UnusedName', entry.span, { what: entry.isInput ? 'input' : 'value', name: boundName }, {
        hint: entry.isInput ? 'start a pipeline with it, or remove it from the inputs' : 'use it in a later statement or remove the binding',
      });
    }
  }
}

function outputHint(declared: Shape, actual: Shape, lastLine: number): string {
  if (elementCount(declared) === elementCount(actual)) {
    return `end the body with \`reshape([${declared.join(', ')}])\` (line ${lastLine} computes ${formatShape(actual)})`;
  }
  return `declare \`-> ${formatShape(actual)}\`, or change the last layer to produce ${formatShape(declared)}`;
}

export function sourceOf(span: Span): { line: number; column: number } {
  return { line: span.start.line, column: span.start.column };
}

export const TENSOR_LIMIT: Limit = { max: MAX_TENSOR_ELEMENTS, why: `tfjs indexes a tensor with 32-bit integers, so no tensor holds more than ${formatCount(MAX_TENSOR_ELEMENTS)} elements` };

/** A declared shape `[28, 28, 1]` with params resolved; undefined after reporting. */
export function evaluateShape(dims: readonly Expr[], scope: ConstantScope, reporter: Reporter, span?: Span): Shape | undefined {
  const values = dims.map((dim) => {
    const value = evaluateConstant(dim, scope, reporter, 'a dimension');
    if (value === undefined) return undefined;
    if (!isPositiveInteger(value)) {
      reporter.report('InvalidDimension', dim.span, { value: String(value) }, { hint: 'dimensions count elements: 1, 2, 3, …' });
      return undefined;
    }
    return checkLimit(value, dim, reporter, 'a dimension', TENSOR_LIMIT) ? value : undefined;
  });
  if (values.some((v) => v === undefined)) return undefined;
  const shape = values as number[];
  return span && !checkElementCount(shape, 'one example of this shape', span, reporter) ? undefined : shape;
}

/** E0314 when a tensor of `shape` could not exist; true when it can. */
export function checkElementCount(shape: Shape, what: string, span: Span, reporter: Reporter): boolean {
  const count = elementCount(shape);
  if (count <= MAX_TENSOR_ELEMENTS) return true;
  reporter.report('TensorTooLarge', span, { what: `${what} (${formatShape(shape)})`, count: formatCount(count), limit: formatCount(MAX_TENSOR_ELEMENTS) }, { hint: TENSOR_LIMIT.why });
  return false;
}
