// Expressions, types and calls on one line, with the fewest parentheses that
// keep the tree: `a - (b - c)` keeps its parentheses, `(a * b) + c` loses them.

import type { CallExpr, Expr, NameExpr, RangeExpr, ShapeType, TypeExpr } from '../parser/ast.js';
import { leftSpine } from '../parser/walkExpr.js';

/** Binding strength, loosest first; see `factor` and `power` in the grammar. */
const Precedence = { Additive: 1, Multiplicative: 2, Unary: 3, Power: 4, Primary: 5 } as const;

function precedence(expr: Expr): number {
  switch (expr.kind) {
    case 'Binary':
      if (expr.op === '+' || expr.op === '-') return Precedence.Additive;
      if (expr.op === '*' || expr.op === '/') return Precedence.Multiplicative;
      return Precedence.Power;
    case 'Unary':
      return Precedence.Unary;
    case 'Range':
      return 0;
    default:
      return Precedence.Primary;
  }
}

export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Number':
    case 'String':
      return expr.raw;
    case 'Name':
      return expr.name;
    case 'Call':
      return printCall(expr);
    case 'List':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'Range':
      return printRange(expr);
    case 'Unary': {
      const operand = expr.operand;
      // A nested minus is parenthesised too: `-(-x)` reads better than `--x`.
      return `-${wrapIf(operand, precedence(operand) < Precedence.Unary || operand.kind === 'Unary')}`;
    }
    case 'Binary': {
      // Down the left side iteratively: a sum of thousands of terms is that deep.
      const { first, links } = leftSpine(expr);
      let text = printExpr(first);
      for (const link of links) {
        const own = precedence(link);
        // `^` groups to the right, the others to the left.
        const left = link.op === '^' ? precedence(link.left) <= own : precedence(link.left) < own;
        const right = link.op === '^' ? precedence(link.right) < Precedence.Unary : precedence(link.right) <= own;
        text = `${left ? `(${text})` : text} ${link.op} ${wrapIf(link.right, right)}`;
      }
      return text;
    }
  }
}

function wrapIf(expr: Expr, parenthesise: boolean): string {
  return parenthesise ? `(${printExpr(expr)})` : printExpr(expr);
}

export function printCall(call: CallExpr): string {
  const args = call.args.map((arg) => (arg.name ? `${arg.name.name}: ${printExpr(arg.value)}` : printExpr(arg.value)));
  return `${call.callee.name}(${args.join(', ')})`;
}

export function printNameOrCall(stage: NameExpr | CallExpr): string {
  return stage.kind === 'Name' ? stage.name : printCall(stage);
}

export function printRange(range: RangeExpr): string {
  return `${printExpr(range.low)}..${printExpr(range.high)}`;
}

export function printShape(shape: ShapeType): string {
  return `[${shape.dims.map(printExpr).join(', ')}]`;
}

export function printType(type: TypeExpr): string {
  return type.kind === 'ClassType' ? `class[${printExpr(type.classes)}]` : printShape(type);
}
