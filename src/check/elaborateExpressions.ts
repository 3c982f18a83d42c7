import type { BinaryExpr, CallExpr, Expr, LetDecl, LossDecl, Span } from '../parser/ast.js';
import { leftSpine, subexpressions } from '../parser/walkExpr.js';
import type { ExprNode, ExprOp, Network, Shape, ValueType } from '../ir/types.js';
import { FUNCTION_TERMS, TERM_OPS } from '../ir/ops/terms.js';
import type { Reporter } from './context.js';
import { bindArguments, type Signature } from './bindArguments.js';
import { checkFloat32, describeExpr, evaluateChoice, evaluateFloat32, evaluatePositiveInteger, type ConstantScope } from './constants.js';
import { reportTermProblem, typeToString } from './termProblems.js';
import { sourceOf } from './sourceOf.js';
import { formatShape, sameShape } from './shapes.js';
import { didYouMean } from './suggest.js';

/** Everything a top-level expression may name. */
export interface ExpressionScope {
  readonly params: ConstantScope;
  readonly data: ReadonlyMap<string, { readonly source: number; readonly type: ValueType; readonly span: Span }>;
  readonly latents: ReadonlyMap<string, { readonly type: ValueType; readonly span: Span }>;
  readonly lets: ReadonlyMap<string, LetDecl>;
  readonly losses: ReadonlyMap<string, LossDecl>;
  /** Networks whose bodies elaborated; a declared network that failed maps to undefined. */
  readonly networks: ReadonlyMap<string, Network | undefined>;
  /** Every declared name: one whose declaration failed is silent here (it was reported there). */
  readonly declared: ReadonlySet<string>;
}

type Fn = (call: CallExpr) => number | undefined;

const SCALAR: ValueType = { kind: 'tensor', shape: [] };

/** The functions an expression may call, from the term op table (src/ir/ops/terms.ts). */
export const FUNCTION_NAMES: readonly string[] = FUNCTION_TERMS;

/** A function term's signature, as the term op table gives it. */
function termSignature(op: ExprOp): Signature {
  const entry = TERM_OPS[op];
  return { name: op, params: entry.params ?? [], ...(entry.rest ? { rest: entry.rest } : {}) };
}

/**
 * Builds the expression graph of every `let` and `loss`, inferring and checking
 * the type of every node. Names are visible everywhere, so bindings are
 * elaborated on first use; a cycle is reported once.
 */
export class ExpressionElaborator {
  readonly nodes: ExprNode[] = [];
  /** The span of the expression each node came from. */
  readonly spans = new Map<number, Span>();
  /** The node of each `let` and `loss` name, once elaborated. */
  readonly bindings = new Map<string, number | undefined>();
  readonly used = new Set<string>();
  private readonly inProgress = new Set<string>();
  private calls = 0;
  /** A Map: a call of `constructor` or `toString` must not find Object's own. */
  private readonly functions: ReadonlyMap<string, Fn>;

  constructor(
    private readonly scope: ExpressionScope,
    private readonly reporter: Reporter,
    private readonly nextSlot: () => number,
  ) {
    this.functions = new Map(Object.entries(this.functionTable()));
  }

  get callCount(): number {
    return this.calls;
  }

  typeOf(id: number): ValueType {
    return this.nodes[id]!.type;
  }

  shapeOf(id: number): Shape {
    const type = this.typeOf(id);
    return type.kind === 'tensor' ? type.shape : [];
  }

  private add(op: ExprNode['op'], inputs: readonly number[], type: ValueType, attrs: object, span: Span): number {
    const id = this.nodes.length;
    this.nodes.push({ op, id, inputs, type, attrs, source: sourceOf(span) } as ExprNode);
    this.spans.set(id, span);
    return id;
  }

  /** The node of a `let` or `loss` name (elaborating it if needed). */
  binding(name: string, use?: Span): number | undefined {
    if (this.bindings.has(name)) return this.bindings.get(name);
    // The lets it names first, deepest first, so elaborating one never recurses
    // far into another (3,000 lets each naming the next would overflow the stack).
    for (const dependency of this.unelaboratedDependencies(name)) this.elaborateBinding(dependency);
    return this.elaborateBinding(name, use);
  }

  /**
   * The lets and losses `name` depends on that are not elaborated yet, each
   * after those it names (a depth-first post-order, kept on an explicit stack).
   * A cycle is left for `elaborateBinding` to report where it closes.
   */
  private unelaboratedDependencies(root: string): string[] {
    const order: string[] = [];
    const seen = new Set<string>([root]);
    const stack: { name: string; pending: string[] }[] = [{ name: root, pending: this.bindingsNamedBy(root) }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.pending.pop();
      if (next === undefined) {
        stack.pop();
        if (top.name !== root) order.push(top.name);
      } else if (!seen.has(next) && !this.bindings.has(next) && !this.inProgress.has(next)) {
        seen.add(next);
        stack.push({ name: next, pending: this.bindingsNamedBy(next) });
      }
    }
    return order;
  }

  /** The let and loss names in the declaration of `name`, last first (the stack pops them in source order). */
  private bindingsNamedBy(name: string): string[] {
    const decl = this.scope.lets.get(name) ?? this.scope.losses.get(name);
    if (!decl) return [];
    const names: string[] = [];
    for (const expr of subexpressions(decl.value)) if (expr.kind === 'Name' && this.isBindingName(expr.name)) names.push(expr.name);
    return names.reverse();
  }

  /** Whether `name()` would resolve `name` to a let or loss (params, data and latents come first). */
  private isBindingName(name: string): boolean {
    const { params, data, latents, lets, losses } = this.scope;
    return !params.has(name) && !data.has(name) && !latents.has(name) && (lets.has(name) || losses.has(name));
  }

  private elaborateBinding(name: string, use?: Span): number | undefined {
    if (this.bindings.has(name)) return this.bindings.get(name);
    const letDecl = this.scope.lets.get(name);
    const lossDecl = this.scope.losses.get(name);
    const decl = letDecl ?? lossDecl;
    if (!decl) return undefined;
    if (this.inProgress.has(name)) {
      this.reporter.report('ParamCycle', use ?? decl.span, { name }, { hint: 'a let or loss cannot use itself, directly or through others' });
      this.bindings.set(name, undefined);
      return undefined;
    }
    this.inProgress.add(name);
    if (letDecl?.destructured) {
      this.elaborateDestructuring(letDecl);
    } else {
      const node = this.expression(decl.value);
      this.bindings.set(name, node);
      if (lossDecl && node !== undefined && this.shapeOf(node).length > 0) {
        this.reporter.report('LossNotScalar', lossDecl.value.span, { name, actual: typeToString(this.typeOf(node)) }, {
          hint: 'reduce it: `mean(…)`, or use a loss such as `mse(target, pred)`',
        });
        this.bindings.set(name, undefined);
      }
    }
    this.inProgress.delete(name);
    return this.bindings.get(name);
  }

  private elaborateDestructuring(decl: LetDecl): void {
    const names = decl.names.map((n) => n.name);
    const fail = () => names.forEach((n) => this.bindings.set(n, undefined));
    const value = decl.value;
    const network = value.kind === 'Call' ? this.scope.networks.get(value.callee.name) : undefined;
    if (value.kind === 'Call' && this.scope.networks.has(value.callee.name)) this.used.add(value.callee.name);
    if (value.kind !== 'Call' || !this.scope.networks.has(value.callee.name)) {
      this.reporter.report('DestructureNotNetwork', value.span, { names: names.join(', '), what: value.kind === 'Call' ? `a call of \`${value.callee.name}\`` : describeExpr(value) }, { hint: 'write `let (mu, logvar) = encoder(x)` for a network declared `-> (mu: [16], logvar: [16])`' });
      return fail();
    }
    if (!network) return fail();
    if (network.outputs.length !== names.length) {
      const outputs = network.outputs.map((o) => o.name ?? 'out');
      this.reporter.report('DestructureCount', decl.span, { network: network.name, count: network.outputs.length, outputs: outputs.join(', '), names: names.length }, { hint: `write \`let (${outputs.join(', ')}) = ${network.name}(…)\`` });
      return fail();
    }
    const outputs = this.application(value, network, true);
    if (!outputs) return fail();
    names.forEach((n, i) => this.bindings.set(n, outputs[i]));
  }

  /** `-node`, for `maximize`. */
  negation(node: number, span: Span): number {
    return this.add('neg', [node], this.typeOf(node), {}, span);
  }

  /** Elaborates an expression; undefined after reporting. */
  expression(expr: Expr): number | undefined {
    switch (expr.kind) {
      case 'Number':
        // A literal that overflows has been reported where it is written (rules/numberLiterals.ts).
        if (!Number.isFinite(expr.value) || !checkFloat32(expr.value, expr.span, this.reporter, `the number \`${expr.raw}\``)) return undefined;
        return this.add('const', [], SCALAR, { value: expr.value }, expr.span);
      case 'Name':
        return this.name(expr.name, expr.span);
      case 'Unary': {
        const operand = this.expression(expr.operand);
        if (operand === undefined || !this.notClass(operand, expr.operand, 'cannot be negated')) return undefined;
        return this.add('neg', [operand], this.typeOf(operand), {}, expr.span);
      }
      case 'Binary': {
        // Down the left side iteratively: a sum of thousands of terms is that deep.
        const { first, links } = leftSpine(expr);
        let left = this.expression(first);
        let leftExpr: Expr = first;
        for (const link of links) {
          const right = this.expression(link.right);
          left = left === undefined || right === undefined ? undefined : this.binary(link, left, leftExpr, right);
          leftExpr = link;
        }
        return left;
      }
      case 'Call':
        return this.call(expr);
      default:
        this.reporter.report('InvalidArgumentValue', expr.span, { name: 'this expression', expected: 'a number, a name or a call', actual: describeExpr(expr) });
        return undefined;
    }
  }

  private name(name: string, span: Span): number | undefined {
    const param = this.scope.params.get(name);
    if (param !== undefined) {
      this.used.add(name);
      if (!checkFloat32(param, span, this.reporter, `param \`${name}\``)) return undefined;
      return this.add('const', [], SCALAR, { value: param }, span);
    }
    if (this.scope.params.has(name)) return undefined;
    const data = this.scope.data.get(name);
    if (data) {
      this.used.add(name);
      return this.add('data', [], data.type, { source: data.source, field: name }, span);
    }
    const latent = this.scope.latents.get(name);
    if (latent) {
      this.used.add(name);
      return this.add('latent', [], latent.type, { name }, span);
    }
    if (this.scope.lets.has(name) || this.scope.losses.has(name)) {
      this.used.add(name);
      return this.binding(name, span);
    }
    if (this.scope.networks.has(name)) {
      this.reporter.report('NotAValue', span, { name, what: 'a network' }, { hint: `apply it: \`${name}(…)\`` });
      return undefined;
    }
    if (this.scope.declared.has(name)) {
      this.used.add(name);
      return undefined;
    }
    const known = () => [...this.scope.params.keys(), ...this.scope.data.keys(), ...this.scope.latents.keys(), ...this.scope.lets.keys(), ...this.scope.losses.keys()];
    this.reporter.report('UnknownName', span, { name }, { hint: () => didYouMean(name, known()) ?? 'declare it with `let`, `data`, `latent` or `param`' });
    return undefined;
  }

  private notClass(id: number, expr: Expr, problem: string): boolean {
    const type = this.typeOf(id);
    if (type.kind !== 'class') return true;
    this.reporter.report('ClassMisuse', expr.span, { name: expr.kind === 'Name' ? expr.name : 'this value', type: typeToString(type), problem }, {
      hint: `use \`one_hot(${expr.kind === 'Name' ? expr.name : '…'})\` to turn a label into a vector`,
    });
    return false;
  }

  private binary(expr: BinaryExpr, left: number, leftExpr: Expr, right: number): number | undefined {
    const { op, right: rightExpr, span } = expr;
    if (!this.notClass(left, leftExpr, 'arithmetic needs numbers') || !this.notClass(right, rightExpr, 'arithmetic needs numbers')) return undefined;
    const a = this.shapeOf(left);
    const b = this.shapeOf(right);
    const shape = a.length === 0 ? b : b.length === 0 || sameShape(a, b) ? a : undefined;
    if (!shape) {
      this.reporter.report('ArithmeticShapes', span, { op, left: formatShape(a), right: formatShape(b) }, {
        hint: 'operands must have one shape, or one must be a scalar (no other broadcasting)',
      });
      return undefined;
    }
    const irOp = ({ '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '^': 'pow' } as const)[op];
    return this.add(irOp, [left, right], { kind: 'tensor', shape }, {}, span);
  }

  private call(call: CallExpr): number | undefined {
    const name = call.callee.name;
    if (this.scope.networks.has(name)) {
      const network = this.scope.networks.get(name);
      if (!network) {
        // The network's own declaration failed: still check (and use) the arguments.
        this.used.add(name);
        for (const arg of call.args) this.expression(arg.value);
        return undefined;
      }
      if (network.outputs.length > 1) {
        this.used.add(name);
        for (const arg of call.args) this.expression(arg.value);
        const outputs = network.outputs.map((o) => o.name).join(', ');
        this.reporter.report('MultiOutputAsValue', call.span, { network: name, count: network.outputs.length, outputs }, { hint: `bind them with \`let (${outputs}) = ${name}(…)\`` });
        return undefined;
      }
      return this.application(call, network, false)?.[0];
    }
    const fn = this.functions.get(name);
    if (fn) return fn(call);
    // Still check the arguments: their mistakes are real, and their names are used.
    for (const arg of call.args) if (arg.value.kind !== 'Name' || !this.scope.networks.has(arg.value.name)) this.expression(arg.value);
    const candidates = () => [...FUNCTION_NAMES, ...this.scope.networks.keys()];
    if (this.scope.params.has(name) || this.scope.data.has(name) || this.scope.latents.has(name) || this.scope.lets.has(name) || this.scope.losses.has(name)) {
      this.reporter.report('NotANetwork', call.callee.span, { name, what: 'a value' }, { hint: () => didYouMean(name, this.scope.networks.keys()) ?? 'only networks and functions can be called' });
      return undefined;
    }
    this.reporter.report('UnknownCallee', call.callee.span, { what: 'function or network', name }, { hint: () => didYouMean(name, candidates()) ?? `the functions are ${FUNCTION_NAMES.join(', ')}` });
    return undefined;
  }

  /** Applies a network; returns one node per output, sharing one call id. */
  private application(call: CallExpr, network: Network, destructured: boolean): number[] | undefined {
    this.used.add(network.name);
    const positional = call.args.filter((a) => !a.name);
    for (const arg of call.args.filter((a) => a.name)) {
      this.reporter.report('UnknownKeywordArgument', arg.name!.span, { callee: network.name, name: arg.name!.name }, { hint: 'networks take their inputs by position' });
    }
    if (positional.length !== network.inputs.length) {
      this.reporter.report('NetworkArity', call.span, { network: network.name, expected: network.inputs.length, actual: positional.length }, {
        hint: `\`${network.name}\` takes (${network.inputs.map((i) => `${i.name}: ${formatShape(i.shape)}`).join(', ')})`,
      });
      return undefined;
    }
    const inputs: number[] = [];
    let ok = true;
    positional.forEach((arg, index) => {
      const node = this.expression(arg.value);
      if (node === undefined) return void (ok = false);
      const expected = network.inputs[index]!;
      const type = this.typeOf(node);
      if (type.kind === 'class') {
        this.reporter.report('ClassMisuse', arg.value.span, { name: arg.value.kind === 'Name' ? arg.value.name : 'this value', type: typeToString(type), problem: 'a network input never takes a label directly' }, {
          hint: `pass \`one_hot(${arg.value.kind === 'Name' ? arg.value.name : '…'})\` and declare the input as [${type.classes}]`,
        });
        return void (ok = false);
      }
      if (!sameShape(type.shape, expected.shape)) {
        const argText = arg.value.kind === 'Name' ? arg.value.name : arg.value.kind === 'Call' ? `${arg.value.callee.name}(…)` : 'the argument';
        this.reporter.report('NetworkInputShape', arg.value.span, { network: network.name, expected: formatShape(expected.shape), arg: argText, actual: formatShape(type.shape) }, {
          label: formatShape(type.shape),
          hint: inputHint(network, expected.name, expected.shape, argText, type.shape),
        });
        // Keep going with the declared output shape, so later mistakes are reported too.
        inputs.push(node);
        return;
      }
      inputs.push(node);
    });
    if (!ok) return undefined;
    const callId = this.calls++;
    void destructured;
    return network.outputs.map((output, index) =>
      this.add('apply', inputs, { kind: 'tensor', shape: output.shape }, { network: network.name, call: callId, output: index }, call.span),
    );
  }

  private bind(call: CallExpr, signature: Signature) {
    return bindArguments(call.args, signature, this.reporter, call.span);
  }

  /** Every function term: the penalties read a network and are typed here, the rest by their rule in the term table. */
  private functionTable(): Record<string, Fn> {
    const table: Record<string, Fn> = {};
    for (const op of FUNCTION_TERMS) table[op] = (call) => this.termCall(op, call);
    table.cutout = (call) => this.cutout(call);
    table.cutout_mask = (call) => this.cutoutMask(call);
    table.gradient_penalty = (call) => this.penalty(call, 'gradient_penalty');
    table.r1_penalty = (call) => this.penalty(call, 'r1_penalty');
    return table;
  }

  /**
   * A call of a function term: its arguments bound and elaborated in
   * parameter order (every one, so each mistake is reported), then its type
   * from the term table's rule; undefined after reporting.
   */
  private termCall(op: ExprOp, call: CallExpr): number | undefined {
    const entry = TERM_OPS[op];
    const args = this.bind(call, termSignature(op));
    const inputs: (number | undefined)[] = [];
    const constants: Record<string, number | string> = {};
    let ok = true;
    for (const param of entry.params ?? []) {
      const expr = args.values.get(param.name);
      if (param.kind === 'tensor') inputs.push(this.operand(expr));
      else if (param.kind === 'value') inputs.push(expr ? this.expression(expr) : undefined);
      else {
        const value = param.kind === 'number' ? this.constant(expr, param.name) : expr ? evaluateChoice(expr, param.choices ?? [], this.reporter, param.name) : param.default;
        if (value === undefined) ok = false;
        else constants[param.name] = value;
      }
    }
    for (const expr of args.rest) inputs.push(this.operand(expr));
    if (!ok || inputs.some((i) => i === undefined) || (entry.rest && args.rest.length < entry.rest.min)) return undefined;
    const ids = inputs as number[];
    const rule = entry.type!({ types: ids.map((i) => this.typeOf(i)), constants });
    if ('problem' in rule) {
      reportTermProblem(rule, op, call, (name) => args.values.get(name), this.reporter);
      return undefined;
    }
    const attrs = entry.stochastic ? { ...rule.attrs, slot: this.nextSlot() } : rule.attrs;
    return this.add(op, ids, rule.type, attrs, call.span);
  }

  /** A tensor operand (not a label); undefined after reporting. */
  private operand(expr: Expr | undefined): number | undefined {
    if (!expr) return undefined;
    const node = this.expression(expr);
    if (node === undefined || !this.notClass(node, expr, 'it must be turned into a vector first')) return undefined;
    return node;
  }

  private constant(expr: Expr | undefined, what: string): number | undefined {
    return expr ? evaluateFloat32(expr, this.scope.params, this.reporter, what) : undefined;
  }

  /** `cutout(value, size:, fill:)`: value must be an image [H, W, C] the square fits in. */
  private cutout(call: CallExpr): number | undefined {
    const args = this.bind(call, termSignature('cutout'));
    const valueExpr = args.values.get('value');
    const value = this.operand(valueExpr);
    const sizeExpr = args.values.get('size');
    const size = sizeExpr ? evaluatePositiveInteger(sizeExpr, this.scope.params, this.reporter, '`cutout` size') : undefined;
    const fillExpr = args.values.get('fill');
    const fill = fillExpr ? this.constant(fillExpr, 'fill') : 0;
    if (value === undefined || size === undefined || fill === undefined) return undefined;
    const shape = this.shapeOf(value);
    if (shape.length !== 3) {
      this.reporter.report('FunctionArgumentShape', valueExpr!.span, { fn: 'cutout', expected: 'an image [height, width, channels]', actual: formatShape(shape) }, {
        hint: 'cut images, not vectors: declare the data as [28, 28, 1], or reshape before the cutout',
      });
      return undefined;
    }
    if (size > shape[0]! || size > shape[1]!) {
      this.reporter.report('CutoutTooLarge', sizeExpr!.span, { size: String(size), height: String(shape[0]), width: String(shape[1]), what: describeExpr(valueExpr!) }, {
        hint: `give a size of at most ${Math.min(shape[0]!, shape[1]!)}`,
      });
      return undefined;
    }
    return this.add('cutout', [value], this.typeOf(value), { size, fill, slot: this.nextSlot() }, call.span);
  }

  /** `cutout_mask(m)`: the square of the cutout `m` (a let bound to a `cutout(...)`, or the call itself). */
  private cutoutMask(call: CallExpr): number | undefined {
    const args = this.bind(call, termSignature('cutout_mask'));
    const cutExpr = args.values.get('cut');
    const cut = this.operand(cutExpr);
    if (cut === undefined) return undefined;
    const node = this.nodes[cut]!;
    if (node.op !== 'cutout') {
      this.reporter.report('MaskOfNoCutout', cutExpr!.span, { actual: `${describeExpr(cutExpr!)}, which is not a cutout` }, {
        hint: 'bind the cutout to a name and pass that: `let masked = cutout(x, size: 14)`, then `cutout_mask(masked)`',
      });
      return undefined;
    }
    const [height, width] = this.shapeOf(cut);
    return this.add('cutout_mask', [node.inputs[0]!], { kind: 'tensor', shape: [height!, width!, 1] }, { size: node.attrs.size, slot: node.attrs.slot }, call.span);
  }

  private penalty(call: CallExpr, op: 'gradient_penalty' | 'r1_penalty'): number | undefined {
    const signature = termSignature(op);
    const values = signature.params.map((p) => p.name);
    const args = this.bind(call, signature);
    const criticExpr = args.values.get('critic');
    if (!criticExpr) return undefined;
    if (criticExpr.kind !== 'Name' || !this.scope.networks.has(criticExpr.name)) {
      this.reporter.report('NotANetwork', criticExpr.span, { name: criticExpr.kind === 'Name' ? criticExpr.name : 'the first argument', what: 'not a network' }, {
        hint: () => didYouMean(criticExpr.kind === 'Name' ? criticExpr.name : '', this.scope.networks.keys()) ?? `write \`${op}(D, ${values.slice(1).join(', ')})\``,
      });
      return undefined;
    }
    const network = this.scope.networks.get(criticExpr.name);
    this.used.add(criticExpr.name);
    const operands = [...values.slice(1).map((v) => args.values.get(v)), ...args.rest].map((e) => (e ? this.expression(e) : undefined));
    if (!network || operands.some((o) => o === undefined)) return undefined;
    const ids = operands as number[];
    const inputCount = network.inputs.length;
    const expectedShapes = op === 'gradient_penalty' ? [network.inputs[0]!.shape, ...network.inputs.map((i) => i.shape)] : network.inputs.map((i) => i.shape);
    const conditionCount = ids.length - (op === 'gradient_penalty' ? 2 : 1);
    if (conditionCount !== inputCount - 1 || network.outputs.length !== 1) {
      this.reporter.report('FunctionArgumentShape', call.span, { fn: op, expected: `a critic with one output and ${inputCount - 1} extra input(s) after the images`, actual: `${conditionCount} extra argument(s)` });
      return undefined;
    }
    for (let i = 0; i < ids.length; i++) {
      const type = this.typeOf(ids[i]!);
      if (type.kind === 'class' || !sameShape(type.shape, expectedShapes[i]!)) {
        this.reporter.report('FunctionArgumentShape', this.spans.get(ids[i]!), { fn: op, expected: `${formatShape(expectedShapes[i]!)} (the critic's input)`, actual: typeToString(type) });
        return undefined;
      }
    }
    const attrs = op === 'gradient_penalty' ? { network: network.name, call: this.calls++, slot: this.nextSlot() } : { network: network.name, call: this.calls++ };
    return this.add(op, ids, SCALAR, attrs, call.span);
  }
}

function inputHint(network: Network, inputName: string, expected: Shape, argText: string, actual: Shape): string {
  const count = (s: Shape) => s.reduce((a, b) => a * b, 1);
  if (expected.length === 1 && actual.length > 1 && count(actual) === expected[0]) {
    return `flatten ${argText} in the network (\`flatten\` as its first layer), or declare ${network.name}(${inputName}: ${formatShape(actual)})`;
  }
  if (count(actual) === count(expected)) {
    return `reshape in the network (\`reshape([${expected.join(', ')}])\`), or declare ${network.name}(${inputName}: ${formatShape(actual)})`;
  }
  return `declare ${network.name}(${inputName}: ${formatShape(actual)}) and adjust its layers, or pass a value of shape ${formatShape(expected)}`;
}
