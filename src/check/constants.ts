import type { BinaryExpr, Expr } from '../parser/ast.js';
import { leftSpine } from '../parser/walkExpr.js';
import type { Reporter } from './context.js';
import { didYouMean } from './suggest.js';

/** What a constant expression may name: resolved params. */
export type ConstantScope = ReadonlyMap<string, number>;

/**
 * Evaluates arithmetic over numbers and params (`7 * 7 * 128`, `code / 2`).
 * Reports and returns undefined for anything else.
 */
export function evaluateConstant(expr: Expr, scope: ConstantScope, reporter: Reporter, what: string): number | undefined {
  switch (expr.kind) {
    case 'Number':
      return expr.value;
    case 'Name': {
      const value = scope.get(expr.name);
      if (value !== undefined) return value;
      if (scope.has(expr.name)) return undefined; // a param that failed: already reported
      reporter.report('UnknownName', expr.span, { name: expr.name }, {
        hint: () => didYouMean(expr.name, scope.keys()) ?? `${what} must be a number or a param`,
      });
      return undefined;
    }
    case 'Unary': {
      const operand = evaluateConstant(expr.operand, scope, reporter, what);
      return operand === undefined ? undefined : -operand;
    }
    case 'Binary': {
      // Down the left side iteratively: a sum of thousands of terms is that deep.
      const { first, links } = leftSpine(expr);
      let left = evaluateConstant(first, scope, reporter, what);
      for (const link of links) {
        const right = evaluateConstant(link.right, scope, reporter, what);
        left = left === undefined || right === undefined ? undefined : combine(link, left, right, reporter, what);
      }
      return left;
    }
    default:
      reporter.report('InvalidArgumentValue', expr.span, { name: what, expected: 'a number', actual: describeExpr(expr) });
      return undefined;
  }
}

function combine(expr: BinaryExpr, left: number, right: number, reporter: Reporter, what: string): number | undefined {
  const value = { '+': left + right, '-': left - right, '*': left * right, '/': left / right, '^': left ** right }[expr.op];
  if (!Number.isFinite(value)) {
    reporter.report('InvalidArgumentValue', expr.span, { name: what, expected: 'a finite number', actual: String(value) }, { hint: 'check for a division by zero' });
    return undefined;
  }
  return value;
}

export function describeExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'String': return `the string ${expr.raw}`;
    case 'Call': return `a call of \`${expr.callee.name}\``;
    case 'List': return 'a list';
    case 'Range': return 'a range';
    case 'Name': return `\`${expr.name}\``;
    default: return 'an expression';
  }
}

export function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

/** A positive integer constant, or a report naming `what`. */
export function evaluatePositiveInteger(expr: Expr, scope: ConstantScope, reporter: Reporter, what: string): number | undefined {
  const value = evaluateConstant(expr, scope, reporter, what);
  if (value === undefined) return undefined;
  if (!isPositiveInteger(value)) {
    reporter.report('PositiveInteger', expr.span, { what, value: formatNumber(value) });
    return undefined;
  }
  return value;
}

export function formatNumber(value: number): string {
  return String(value);
}

/** A bare identifier used as an option value (`padding: same`), or a report. */
export function evaluateChoice<T extends string>(
  expr: Expr,
  choices: readonly T[],
  reporter: Reporter,
  what: string,
): T | undefined {
  const text = expr.kind === 'Name' ? expr.name : expr.kind === 'String' ? expr.value : undefined;
  if (text !== undefined && (choices as readonly string[]).includes(text)) return text as T;
  reporter.report('InvalidArgumentValue', expr.span, {
    name: what,
    expected: choices.map((c) => `\`${c}\``).join(' or '),
    actual: describeExpr(expr),
  }, { hint: text ? didYouMean(text, choices) : undefined });
  return undefined;
}

export function evaluateString(expr: Expr, reporter: Reporter, what: string): string | undefined {
  if (expr.kind === 'String') return expr.value;
  reporter.report('InvalidArgumentValue', expr.span, { name: what, expected: 'a string in double quotes', actual: describeExpr(expr) });
  return undefined;
}

