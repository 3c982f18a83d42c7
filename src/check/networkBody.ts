// One network body being elaborated: its statements in order, each a
// pipeline of stages (a bound value or a layer), the names they bind, and
// the layer nodes, weights and state they create. elaborateNetwork.ts drives
// it and resolves the outputs once the body is followed.

import type { CallExpr, NameExpr, NetworkDecl, NetworkStatement, Span } from '../parser/ast.js';
import type { Init, LayerNode, Shape, StateTensor, Weight } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments, type BoundArguments } from './bindArguments.js';
import type { ConstantScope } from './constants.js';
import { LAYERS, isLayerName, type LayerBuildContext } from './layers.js';
import { checkElementCount } from './tensorSize.js';
import { sourceOf } from './sourceOf.js';
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

/** A value of a body: a node index plus the activation that produced it (for range warnings). */
export interface BodyValue {
  readonly node: number;
  readonly activation?: string;
}

/** A name bound in a body, and whether anything reads it. */
export interface BodyBinding {
  value: BodyValue;
  span: Span;
  used: boolean;
  isInput: boolean;
}

type Stage = NameExpr | CallExpr;
type LayerDefinition = (typeof LAYERS)[string];

export class NetworkBody {
  readonly nodes: LayerNode[] = [];
  readonly weightIds: string[] = [];
  readonly stateIds: string[] = [];
  readonly bound = new Map<string, BodyBinding>();
  /** The last statement's value: what the next statement's pipeline starts from. */
  previous: BodyValue | undefined;
  /** The weights the layer being built creates, for the size check after it. */
  private layerWeights: { readonly shape: Shape; readonly role: string }[] = [];
  private readonly counters = new Map<string, number>();
  private readonly ctx: LayerBuildContext;

  constructor(
    private readonly decl: NetworkDecl,
    private readonly signature: NetworkSignature,
    private readonly networkNames: ReadonlySet<string>,
    scope: ConstantScope,
    tables: ModuleTables,
    private readonly reporter: Reporter,
    init: Init,
  ) {
    const name = decl.name.name;
    this.ctx = {
      reporter,
      scope,
      init,
      weight: (layer, role, shape, weightInit, fanIn, fanOut) => {
        const id = `${name}/${layer}/${role}`;
        tables.weights.push({ id, network: name, layer, role, shape, init: weightInit, fanIn, fanOut });
        this.weightIds.push(id);
        this.layerWeights.push({ shape, role });
        return id;
      },
      state: (layer, role, shape, stateInit) => {
        const id = `${name}/${layer}/${role}`;
        tables.state.push({ id, network: name, layer, role, shape, init: stateInit });
        this.stateIds.push(id);
        return id;
      },
      slot: () => tables.nextSlot(),
    };
  }

  private get name(): string {
    return this.decl.name.name;
  }

  shapeOf(value: BodyValue): Shape {
    return this.nodes[value.node]!.shape;
  }

  /** One input node per declared input; false when an input's shape is unknown (already reported). */
  bindInputs(): boolean {
    let ok = true;
    this.signature.inputs.forEach((input, index) => {
      this.nodes.push({ op: 'input', name: input.name, inputs: [], shape: input.shape ?? [], attrs: { index }, source: sourceOf(input.span) });
      this.bound.set(input.name, { value: { node: index }, span: input.span, used: false, isInput: true });
      if (!input.shape) ok = false;
    });
    if (!ok) return false;
    // A single input is where the first pipeline starts.
    if (this.signature.inputs.length === 1) {
      this.previous = { node: 0 };
      this.bound.get(this.signature.inputs[0]!.name)!.used = true;
    }
    return true;
  }

  /** Every statement in order, each bound to its target; false after reporting. */
  elaborateStatements(): boolean {
    for (const statement of this.decl.body) {
      const value = this.statement(statement);
      if (!value) return false;
      if (statement.target && !this.bindTarget(statement.target.name, statement.target.span, value)) return false;
      this.previous = value;
    }
    return true;
  }

  /** A statement's pipeline, stage after stage; undefined after reporting. */
  private statement(statement: NetworkStatement): BodyValue | undefined {
    let current: BodyValue | undefined;
    for (const [index, stage] of statement.stages.entries()) {
      current = this.stage(stage, current, index === 0);
      if (current === undefined) return undefined;
    }
    return current;
  }

  private stage(stage: Stage, current: BodyValue | undefined, isHead: boolean): BodyValue | undefined {
    const stageName = stage.kind === 'Name' ? stage.name : stage.callee.name;
    const stageSpan = stage.kind === 'Name' ? stage.span : stage.callee.span;
    if (stage.kind === 'Name' && this.bound.has(stageName)) {
      if (!isHead) {
        this.reporter.report('ValueAfterPipe', stage.span, { name: stageName }, { hint: `to combine values use \`concat(a, ${stageName})\` or \`add(a, ${stageName})\`` });
        return undefined;
      }
      const entry = this.bound.get(stageName)!;
      entry.used = true;
      return entry.value;
    }
    if (isLayerName(stageName)) return this.applyLayer(stage, isHead ? this.previous : current, isHead);
    if (this.networkNames.has(stageName)) {
      this.reporter.report('NetworkInBody', stageSpan, { name: stageName, network: this.name }, { hint: 'apply networks to each other outside the body: `let h = other(x)`' });
    } else {
      this.reporter.report('UnknownName', stageSpan, { name: stageName }, {
        hint: () => didYouMean(stageName, [...this.bound.keys(), ...Object.keys(LAYERS)]) ?? 'a stage is a layer or a value bound earlier in this body',
      });
    }
    return undefined;
  }

  /** A layer stage: its arguments bound, its operands found, its node built and its size checked. */
  private applyLayer(stage: Stage, piped: BodyValue | undefined, isHead: boolean): BodyValue | undefined {
    const calleeName = stage.kind === 'Name' ? stage.name : stage.callee.name;
    const definition = LAYERS[calleeName]!;
    const args = bindArguments(stage.kind === 'Call' ? stage.args : [], definition.signature, this.reporter, stage.span);
    if (!args.complete) return undefined;
    const operands = definition.takesValues ? this.valueOperands(calleeName, args, piped, isHead) : this.pipedOperand(stage, piped);
    if (!operands) return undefined;
    const layer = this.layerName(calleeName === 'spectral_norm' ? 'spectral_norm' : calleeName);
    this.layerWeights = [];
    const result = definition.build(layer, operands.map((o) => this.shapeOf(o)), args, this.ctx, stage.span);
    if (!result) return undefined;
    // A layer whose weights or output could not be allocated fails here, before training.
    const tooLarge = [
      ...this.layerWeights.map((w) => [w.shape, `the ${w.role} of \`${calleeName}\``] as const),
      [result.shape, `the output of \`${calleeName}\` for one example`] as const,
    ].some(([shape, what]) => !checkElementCount(shape, what, stage.span, this.reporter));
    if (tooLarge) return undefined;
    this.nodes.push({ ...result, name: layer, inputs: operands.map((o) => o.node), source: sourceOf(stage.span) } as LayerNode);
    return { node: this.nodes.length - 1, activation: outputActivation(definition, calleeName, operands) };
  }

  /** `concat`/`add`: the piped value (after the head) and every named argument. */
  private valueOperands(calleeName: string, args: BoundArguments, piped: BodyValue | undefined, isHead: boolean): BodyValue[] | undefined {
    const operands: BodyValue[] = [];
    if (piped && !isHead) operands.push(piped);
    for (const expr of args.rest) {
      if (expr.kind !== 'Name' || !this.bound.has(expr.name)) {
        this.reporter.report(expr.kind === 'Name' ? 'UnknownName' : 'InvalidArgumentValue', expr.span,
          expr.kind === 'Name' ? { name: expr.name } : { name: calleeName, expected: 'names of values bound in this body', actual: 'an expression' },
          { hint: () => (expr.kind === 'Name' ? didYouMean(expr.name, this.bound.keys()) : undefined) });
        return undefined;
      }
      const entry = this.bound.get(expr.name)!;
      entry.used = true;
      operands.push(entry.value);
    }
    if (isHead && args.rest.length === 0 && piped) operands.push(piped);
    return operands;
  }

  /** A one-input layer: the value piped into it, which a pipeline of several inputs must name first. */
  private pipedOperand(stage: Stage, piped: BodyValue | undefined): BodyValue[] | undefined {
    if (piped) return [piped];
    const calleeName = stage.kind === 'Name' ? stage.name : stage.callee.name;
    const calleeSpan = stage.kind === 'Name' ? stage.span : stage.callee.span;
    const inputs = this.signature.inputs;
    this.reporter.report('LayerWithoutInput', calleeSpan, { layer: calleeName, network: this.name, count: inputs.length }, {
      hint: `start the pipeline with one of ${inputs.map((i) => `\`${i.name}\``).join(', ')}: \`${inputs[0]?.name ?? 'x'} |> ${calleeName}\``,
    });
    return undefined;
  }

  /** Binds a statement's target; false after reporting a name that is taken. */
  private bindTarget(target: string, span: Span, value: BodyValue): boolean {
    const previousBinding = this.bound.get(target);
    if (previousBinding) {
      this.reporter.report(previousBinding.isInput ? 'NameShadows' : 'NameBoundTwice', span,
        previousBinding.isInput ? { name: target, what: `the input \`${target}\`` } : { name: target, network: this.name },
        { hint: 'choose another name' });
      return false;
    }
    if (isLayerName(target)) {
      this.reporter.report('NameShadows', span, { name: target, what: `the layer \`${target}\`` }, { hint: `choose another name, such as \`${target}_out\`` });
      return false;
    }
    if (this.networkNames.has(target)) {
      this.reporter.report('NameShadows', span, { name: target, what: `the network \`${target}\`` }, { hint: 'choose another name' });
      return false;
    }
    this.bound.set(target, { value, span, used: false, isInput: false });
    return true;
  }

  /** `dense_1`, `dense_2`, …: layers are numbered per kind within a network. */
  private layerName(op: string): string {
    const n = (this.counters.get(op) ?? 0) + 1;
    this.counters.set(op, n);
    return `${op}_${n}`;
  }
}

/** The activation that produced a layer's output, for range warnings (undefined: unknown or linear). */
function outputActivation(definition: LayerDefinition, calleeName: string, operands: readonly BodyValue[]): string | undefined {
  return definition.range === 'sets' ? calleeName : definition.range === 'keeps' ? operands[0]?.activation : undefined;
}
