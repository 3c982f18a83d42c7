// The abstract syntax tree of a .aegan file. Every node is readonly and carries
// the span of source text it came from, so later stages can point at it.

import type { Span } from '../diagnostics/span.js';
export type { Position, Span } from '../diagnostics/span.js';

export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly span: Span;
}

// ───────────────────────────── expressions ─────────────────────────────

export type Expr =
  | NumberLiteral
  | StringLiteral
  | NameExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | ListExpr
  | RangeExpr;

export interface NumberLiteral {
  readonly kind: 'Number';
  readonly value: number;
  /** The text as written, so `fmt` can print `2e-4` back as `2e-4`. */
  readonly raw: string;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: 'String';
  readonly value: string;
  readonly raw: string;
  readonly span: Span;
}

export interface NameExpr {
  readonly kind: 'Name';
  readonly name: string;
  readonly span: Span;
}

/** `callee(arg, key: value)`: a layer, a network application, a function or a source. */
export interface CallExpr {
  readonly kind: 'Call';
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  readonly span: Span;
}

/** A positional argument has `name === undefined`. */
export interface Argument {
  readonly kind: 'Argument';
  readonly name?: Identifier;
  readonly value: Expr;
  readonly span: Span;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export interface BinaryExpr {
  readonly kind: 'Binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface UnaryExpr {
  readonly kind: 'Unary';
  readonly op: '-';
  readonly operand: Expr;
  readonly span: Span;
}

/** `[a, b, c]`: a shape, or a list argument such as `reshape([7, 7, 128])`. */
export interface ListExpr {
  readonly kind: 'List';
  readonly items: readonly Expr[];
  readonly span: Span;
}

/** `LO..HI`, only after `scale`. */
export interface RangeExpr {
  readonly kind: 'Range';
  readonly low: Expr;
  readonly high: Expr;
  readonly span: Span;
}

// ───────────────────────────── types ─────────────────────────────

/** The type of one example: a shape `[28, 28, 1]` or a label `class[10]`. */
export type TypeExpr = ShapeType | ClassType;

export interface ShapeType {
  readonly kind: 'ShapeType';
  readonly dims: readonly Expr[];
  readonly span: Span;
}

export interface ClassType {
  readonly kind: 'ClassType';
  readonly classes: Expr;
  readonly span: Span;
}

// ───────────────────────────── declarations ─────────────────────────────

export type Declaration =
  | ModelDecl
  | ParamDecl
  | DataDecl
  | LatentDecl
  | NetworkDecl
  | LetDecl
  | LossDecl
  | TrainDecl;

export interface ModelDecl {
  readonly kind: 'ModelDecl';
  readonly name: Identifier;
  readonly span: Span;
}

export interface ParamDecl {
  readonly kind: 'ParamDecl';
  readonly name: Identifier;
  readonly value: Expr;
  readonly span: Span;
}

export interface DataField {
  readonly kind: 'DataField';
  readonly name: Identifier;
  readonly type: TypeExpr;
  readonly span: Span;
}

export interface DataDecl {
  readonly kind: 'DataDecl';
  readonly fields: readonly DataField[];
  readonly source: CallExpr;
  readonly scale?: RangeExpr;
  readonly span: Span;
}

export interface LatentDecl {
  readonly kind: 'LatentDecl';
  readonly name: Identifier;
  readonly type: TypeExpr;
  readonly distribution: CallExpr;
  readonly span: Span;
}

export interface NetworkInput {
  readonly kind: 'NetworkInput';
  readonly name: Identifier;
  readonly type: TypeExpr;
  readonly span: Span;
}

export interface NamedOutput {
  readonly kind: 'NamedOutput';
  readonly name: Identifier;
  readonly shape: ShapeType;
  readonly span: Span;
}

/** `-> [784]` or `-> (mu: [16], logvar: [16])`. */
export type NetworkOutput =
  | { readonly kind: 'SingleOutput'; readonly shape: ShapeType; readonly span: Span }
  | { readonly kind: 'NamedOutputs'; readonly outputs: readonly NamedOutput[]; readonly span: Span };

export interface NetworkDecl {
  readonly kind: 'NetworkDecl';
  readonly name: Identifier;
  readonly inputs: readonly NetworkInput[];
  readonly output: NetworkOutput;
  /** `init he_normal` or `init normal(0, 0.02)`: a Name or a Call. */
  readonly init?: NameExpr | CallExpr;
  readonly body: readonly NetworkStatement[];
  readonly span: Span;
}

/**
 * `[NAME =] stage |> stage |> ...`. Each stage is a Name (a bound value or a
 * layer without arguments, like `relu`) or a Call (a layer, or `concat(a, b)`).
 */
export interface NetworkStatement {
  readonly kind: 'NetworkStatement';
  readonly target?: Identifier;
  readonly stages: readonly (NameExpr | CallExpr)[];
  readonly span: Span;
}

export interface LetDecl {
  readonly kind: 'LetDecl';
  /** One name, or several for `let (mu, logvar) = encoder(x)`. */
  readonly names: readonly Identifier[];
  readonly destructured: boolean;
  readonly value: Expr;
  readonly span: Span;
}

export interface LossDecl {
  readonly kind: 'LossDecl';
  readonly name: Identifier;
  readonly value: Expr;
  readonly span: Span;
}

export interface TrainDecl {
  readonly kind: 'TrainDecl';
  readonly items: readonly TrainItem[];
  readonly span: Span;
}

export type TrainItem =
  | StepItem
  | SettingItem
  | EmaItem
  | SampleItem
  | CheckpointItem
  | EvalItem;

export interface StepItem {
  readonly kind: 'StepItem';
  readonly name: Identifier;
  readonly direction: 'minimize' | 'maximize';
  readonly objective: Expr;
  readonly over: readonly Identifier[];
  readonly optimizer: CallExpr;
  readonly repeat?: Expr;
  readonly span: Span;
}

/** `batch 64`, `epochs 20`, `steps 10000`, `seed 7`. */
export interface SettingItem {
  readonly kind: 'SettingItem';
  readonly setting: 'batch' | 'epochs' | 'steps' | 'seed';
  readonly keyword: Span;
  readonly value: Expr;
  readonly span: Span;
}

export interface EmaItem {
  readonly kind: 'EmaItem';
  readonly network: Identifier;
  readonly decay: Expr;
  readonly span: Span;
}

export interface SampleItem {
  readonly kind: 'SampleItem';
  readonly value: Expr;
  readonly every: Expr;
  readonly span: Span;
}

export interface CheckpointItem {
  readonly kind: 'CheckpointItem';
  readonly every: Expr;
  readonly span: Span;
}

/** `eval [x from SOURCE, …] every N`: held-out evaluation while training. */
export interface EvalItem {
  readonly kind: 'EvalItem';
  readonly heldOut: readonly HeldOutSource[];
  readonly every: Expr;
  readonly span: Span;
}

/** `x from mnist(split: "test")`: where the data declaration with field `x` is held out. */
export interface HeldOutSource {
  readonly name: Identifier;
  readonly source: CallExpr;
  readonly span: Span;
}

export interface Comment {
  readonly kind: 'Comment';
  readonly text: string;
  readonly block: boolean;
  readonly span: Span;
}

export interface SourceFile {
  readonly kind: 'SourceFile';
  readonly path: string;
  readonly text: string;
  readonly declarations: readonly Declaration[];
  /** Kept for `aeganc fmt`, which must not lose them. */
  readonly comments: readonly Comment[];
  readonly span: Span;
}
