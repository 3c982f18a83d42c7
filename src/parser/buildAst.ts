// CST to AST. Called only on declarations that parsed without errors, so every
// token here came from the source text; the guard in `tokenSpan` is there in
// case that ever stops being true (recovery inserts tokens with NaN offsets).

import type { CstNode, IToken } from './chevrotain.js';
import type {
  Argument,
  BinaryOperator,
  CallExpr,
  CheckpointItem,
  EvalItem,
  ClassType,
  DataDecl,
  DataField,
  Declaration,
  EmaItem,
  Expr,
  Identifier,
  LatentDecl,
  LetDecl,
  ListExpr,
  LossDecl,
  ModelDecl,
  NameExpr,
  NamedOutput,
  NetworkDecl,
  NetworkInput,
  NetworkOutput,
  NetworkStatement,
  ParamDecl,
  RangeExpr,
  SampleItem,
  SettingItem,
  ShapeType,
  Span,
  StepItem,
  TrainDecl,
  TrainItem,
  TypeExpr,
} from './ast.js';
import {
  childNode,
  childNodes,
  childToken,
  childTokens,
  MalformedCstError,
  chosenAlternative,
  optionalNode,
  optionalToken,
} from './cst.js';
import { joinSpans, type LineMap } from './positions.js';
import { decodeString } from './strings.js';

const declarationRules = [
  'modelDecl',
  'paramDecl',
  'dataDecl',
  'latentDecl',
  'networkDecl',
  'letDecl',
  'lossDecl',
  'trainDecl',
] as const;
const trainItemRules = ['stepItem', 'settingItem', 'emaItem', 'sampleItem', 'checkpointItem', 'evalItem'] as const;

export class AstBuilder {
  constructor(private readonly lines: LineMap) {}

  // ───────────────────────────── declarations ─────────────────────────────

  declaration(cst: CstNode): Declaration {
    const node = chosenAlternative(cst, declarationRules);
    switch (node.name) {
      case 'modelDecl':
        return this.modelDecl(node);
      case 'paramDecl':
        return this.paramDecl(node);
      case 'dataDecl':
        return this.dataDecl(node);
      case 'latentDecl':
        return this.latentDecl(node);
      case 'networkDecl':
        return this.networkDecl(node);
      case 'letDecl':
        return this.letDecl(node);
      case 'lossDecl':
        return this.lossDecl(node);
      case 'trainDecl':
        return this.trainDecl(node);
      default:
        throw new MalformedCstError(cst.name, node.name);
    }
  }

  private modelDecl(node: CstNode): ModelDecl {
    return { kind: 'ModelDecl', name: this.identifier(childToken(node, 'name')), span: this.nodeSpan(node) };
  }

  private paramDecl(node: CstNode): ParamDecl {
    return {
      kind: 'ParamDecl',
      name: this.identifier(childToken(node, 'name')),
      value: this.expression(childNode(node, 'expression')),
      span: this.nodeSpan(node),
    };
  }

  private dataDecl(node: CstNode): DataDecl {
    const scale = optionalNode(node, 'range');
    return {
      kind: 'DataDecl',
      fields: childNodes(node, 'dataField').map((field) => this.dataField(field)),
      source: this.call(childNode(node, 'call')),
      ...(scale ? { scale: this.range(scale) } : {}),
      span: this.nodeSpan(node),
    };
  }

  private dataField(node: CstNode): DataField {
    return {
      kind: 'DataField',
      name: this.identifier(childToken(node, 'name')),
      type: this.typeExpr(childNode(node, 'typeExpr')),
      span: this.nodeSpan(node),
    };
  }

  private range(node: CstNode): RangeExpr {
    return {
      kind: 'Range',
      low: this.expression(childNode(node, 'low')),
      high: this.expression(childNode(node, 'high')),
      span: this.nodeSpan(node),
    };
  }

  private latentDecl(node: CstNode): LatentDecl {
    return {
      kind: 'LatentDecl',
      name: this.identifier(childToken(node, 'name')),
      type: this.typeExpr(childNode(node, 'typeExpr')),
      distribution: this.call(childNode(node, 'call')),
      span: this.nodeSpan(node),
    };
  }

  private networkDecl(node: CstNode): NetworkDecl {
    const init = optionalNode(node, 'init');
    const body = childNode(node, 'networkBody');
    return {
      kind: 'NetworkDecl',
      name: this.identifier(childToken(node, 'name')),
      inputs: childNodes(node, 'networkInput').map((input) => this.networkInput(input)),
      output: this.networkOutput(childNode(node, 'networkOutput')),
      ...(init ? { init: this.nameOrCall(init) } : {}),
      body: childNodes(body, 'networkStatement').map((statement) => this.networkStatement(statement)),
      span: this.nodeSpan(node),
    };
  }

  private networkInput(node: CstNode): NetworkInput {
    return {
      kind: 'NetworkInput',
      name: this.identifier(childToken(node, 'name')),
      type: this.typeExpr(childNode(node, 'typeExpr')),
      span: this.nodeSpan(node),
    };
  }

  private networkOutput(node: CstNode): NetworkOutput {
    const named = childNodes(node, 'namedOutput');
    if (named.length === 0) {
      return { kind: 'SingleOutput', shape: this.shapeType(childNode(node, 'shapeType')), span: this.nodeSpan(node) };
    }
    return {
      kind: 'NamedOutputs',
      outputs: named.map((output) => this.namedOutput(output)),
      span: this.nodeSpan(node),
    };
  }

  private namedOutput(node: CstNode): NamedOutput {
    return {
      kind: 'NamedOutput',
      name: this.identifier(childToken(node, 'name')),
      shape: this.shapeType(childNode(node, 'shapeType')),
      span: this.nodeSpan(node),
    };
  }

  private networkStatement(node: CstNode): NetworkStatement {
    const target = optionalToken(node, 'target');
    const stages = childNodes(node, 'stage').map((stage) => this.nameOrCall(stage));
    const first = target ? this.tokenSpan(target) : stages[0]?.span;
    const last = stages[stages.length - 1]?.span;
    if (first === undefined || last === undefined) throw new MalformedCstError(node.name, 'stage');
    return {
      kind: 'NetworkStatement',
      ...(target ? { target: this.identifier(target) } : {}),
      stages,
      // Not the node's own span, which takes in the line break that ends it.
      span: joinSpans(first, last),
    };
  }

  private letDecl(node: CstNode): LetDecl {
    return {
      kind: 'LetDecl',
      names: childTokens(node, 'name').map((name) => this.identifier(name)),
      destructured: optionalToken(node, 'LParen') !== undefined,
      value: this.expression(childNode(node, 'expression')),
      span: this.nodeSpan(node),
    };
  }

  private lossDecl(node: CstNode): LossDecl {
    return {
      kind: 'LossDecl',
      name: this.identifier(childToken(node, 'name')),
      value: this.expression(childNode(node, 'expression')),
      span: this.nodeSpan(node),
    };
  }

  private trainDecl(node: CstNode): TrainDecl {
    return {
      kind: 'TrainDecl',
      items: childNodes(node, 'trainItem').map((item) => this.trainItem(item)),
      span: this.nodeSpan(node),
    };
  }

  // ───────────────────────────── train items ─────────────────────────────

  private trainItem(cst: CstNode): TrainItem {
    const node = chosenAlternative(cst, trainItemRules);
    switch (node.name) {
      case 'stepItem':
        return this.stepItem(node);
      case 'settingItem':
        return this.settingItem(node);
      case 'emaItem':
        return this.emaItem(node);
      case 'sampleItem':
        return this.sampleItem(node);
      case 'checkpointItem':
        return this.checkpointItem(node);
      case 'evalItem':
        return this.evalItem(node);
      default:
        throw new MalformedCstError(cst.name, node.name);
    }
  }

  private stepItem(node: CstNode): StepItem {
    const repeat = optionalNode(node, 'repeat');
    return {
      kind: 'StepItem',
      name: this.identifier(childToken(node, 'name')),
      direction: childToken(node, 'direction').image === 'maximize' ? 'maximize' : 'minimize',
      objective: this.expression(childNode(node, 'objective')),
      over: childTokens(node, 'over').map((name) => this.identifier(name)),
      optimizer: this.call(childNode(node, 'optimizer')),
      ...(repeat ? { repeat: this.expression(repeat) } : {}),
      span: this.nodeSpan(node),
    };
  }

  private settingItem(node: CstNode): SettingItem {
    const keyword = childToken(node, 'setting');
    return {
      kind: 'SettingItem',
      setting: settingName(keyword),
      keyword: this.tokenSpan(keyword),
      value: this.expression(childNode(node, 'expression')),
      span: this.nodeSpan(node),
    };
  }

  private emaItem(node: CstNode): EmaItem {
    return {
      kind: 'EmaItem',
      network: this.identifier(childToken(node, 'network')),
      decay: this.expression(childNode(node, 'expression')),
      span: this.nodeSpan(node),
    };
  }

  private sampleItem(node: CstNode): SampleItem {
    return {
      kind: 'SampleItem',
      value: this.expression(childNode(node, 'value')),
      every: this.expression(childNode(node, 'every')),
      span: this.nodeSpan(node),
    };
  }

  private checkpointItem(node: CstNode): CheckpointItem {
    return { kind: 'CheckpointItem', every: this.expression(childNode(node, 'expression')), span: this.nodeSpan(node) };
  }

  private evalItem(node: CstNode): EvalItem {
    return {
      kind: 'EvalItem',
      heldOut: childNodes(node, 'heldOutSource').map((source) => ({
        name: this.identifier(childToken(source, 'name')),
        source: this.call(childNode(source, 'call')),
        span: this.nodeSpan(source),
      })),
      every: this.expression(childNode(node, 'every')),
      span: this.nodeSpan(node),
    };
  }

  // ───────────────────────────── types ─────────────────────────────

  private typeExpr(cst: CstNode): TypeExpr {
    const node = chosenAlternative(cst, ['shapeType', 'classType']);
    return node.name === 'classType' ? this.classType(node) : this.shapeType(node);
  }

  private shapeType(node: CstNode): ShapeType {
    const list = this.list(childNode(node, 'list'));
    return { kind: 'ShapeType', dims: list.items, span: list.span };
  }

  private classType(node: CstNode): ClassType {
    return { kind: 'ClassType', classes: this.expression(childNode(node, 'expression')), span: this.nodeSpan(node) };
  }

  // ───────────────────────────── expressions ─────────────────────────────

  private expression(node: CstNode): Expr {
    return this.foldLeft(node, (term) => this.term(term));
  }

  private term(node: CstNode): Expr {
    return this.foldLeft(node, (factor) => this.factor(factor));
  }

  /** Operands joined by left-associative operators: `a - b - c` is `(a - b) - c`. */
  private foldLeft(node: CstNode, operand: (node: CstNode) => Expr): Expr {
    const operands = childNodes(node, 'operand').map(operand);
    const operators = childTokens(node, 'operator');
    if (operands.length !== operators.length + 1) throw new MalformedCstError(node.name, 'operand');
    return operators.reduce((left, operator, i) => this.binary(operator, left, operands[i + 1]), operands[0]);
  }

  private factor(node: CstNode): Expr {
    const minus = optionalToken(node, 'Minus');
    if (minus === undefined) return this.power(childNode(node, 'power'));
    const operand = this.factor(childNode(node, 'factor'));
    return { kind: 'Unary', op: '-', operand, span: joinSpans(this.tokenSpan(minus), operand.span) };
  }

  private power(node: CstNode): Expr {
    const base = this.primary(childNode(node, 'base'));
    const exponent = optionalNode(node, 'exponent');
    return exponent ? this.binary(childToken(node, 'Caret'), base, this.factor(exponent)) : base;
  }

  private binary(operator: IToken, left: Expr, right: Expr): Expr {
    return { kind: 'Binary', op: binaryOperator(operator), left, right, span: joinSpans(left.span, right.span) };
  }

  private primary(node: CstNode): Expr {
    const number = optionalToken(node, 'NumberLiteral');
    if (number) {
      // A MalformedNumber (`2e`) has been reported; its leading number stands in.
      return { kind: 'Number', value: parseFloat(number.image), raw: number.image, span: this.tokenSpan(number) };
    }
    const string = optionalToken(node, 'StringLiteral');
    if (string) {
      const { value } = decodeString(string.image);
      return { kind: 'String', value, raw: string.image, span: this.tokenSpan(string) };
    }
    const nameOrCall = optionalNode(node, 'nameOrCall');
    if (nameOrCall) return this.nameOrCall(nameOrCall);
    const list = optionalNode(node, 'list');
    if (list) return this.list(list);
    // Parentheses leave no node of their own; precedence is in the tree's shape.
    return this.expression(childNode(node, 'expression'));
  }

  private list(node: CstNode): ListExpr {
    return {
      kind: 'List',
      items: childNodes(node, 'item').map((item) => this.expression(item)),
      span: this.nodeSpan(node),
    };
  }

  private nameOrCall(node: CstNode): NameExpr | CallExpr {
    if (optionalNode(node, 'callArguments')) return this.call(node);
    const name = childToken(node, 'name');
    return { kind: 'Name', name: name.image, span: this.tokenSpan(name) };
  }

  /** A `call` node, or a `nameOrCall` node that has arguments. */
  private call(node: CstNode): CallExpr {
    return {
      kind: 'Call',
      callee: this.identifier(childToken(node, 'name')),
      args: childNodes(childNode(node, 'callArguments'), 'argument').map((argument) => this.argument(argument)),
      span: this.nodeSpan(node),
    };
  }

  private argument(node: CstNode): Argument {
    const name = optionalToken(node, 'name');
    return {
      kind: 'Argument',
      ...(name ? { name: this.identifier(name) } : {}),
      value: this.expression(childNode(node, 'value')),
      span: this.nodeSpan(node),
    };
  }

  // ───────────────────────────── leaves and spans ─────────────────────────────

  private identifier(token: IToken): Identifier {
    return { kind: 'Identifier', name: token.image, span: this.tokenSpan(token) };
  }

  tokenSpan(token: IToken): Span {
    return this.offsetSpan(token.startOffset, token.startOffset + token.image.length, token.tokenType.name);
  }

  private nodeSpan(node: CstNode): Span {
    const location = node.location;
    return this.offsetSpan(location?.startOffset ?? NaN, (location?.endOffset ?? NaN) + 1, node.name);
  }

  private offsetSpan(start: number, end: number, what: string): Span {
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw new MalformedCstError(what, 'position');
    return this.lines.span(start, end);
  }
}

function settingName(keyword: IToken): SettingItem['setting'] {
  const setting = keyword.image;
  if (setting === 'batch' || setting === 'epochs' || setting === 'steps' || setting === 'seed') return setting;
  throw new MalformedCstError('settingItem', 'setting');
}

function binaryOperator(token: IToken): BinaryOperator {
  const op = token.image;
  if (op === '+' || op === '-' || op === '*' || op === '/' || op === '^') return op;
  throw new MalformedCstError('expression', 'operator');
}
