import type { BinaryExpr, Expr, Span } from '../parser/ast.js';
import { leftSpine } from '../parser/walkExpr.js';
import type { Reporter } from './context.js';
import { didYouMean } from './suggest.js';
import { MAX_EXACT_INTEGER, formatCount } from '../ir/limits.js';

/** What a constant expression may name: resolved params. */
export type ConstantScope = ReadonlyMap<string, number>;

/**
 * Evaluates arithmetic over numbers and params (`7 * 7 * 128`, `code / 2`).
 * Reports and returns undefined for anything else.
 */
export function evaluateConstant(expr: Expr, scope: ConstantScope, reporter: Reporter, what: string): number | undefined {
  switch (expr.kind) {
    case 'Number':
      // A literal that overflows has been reported where it is written (rules/numberLiterals.ts).
      return Number.isFinite(expr.value) ? expr.value : undefined;
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
    reporter.report('NonFiniteValue', expr.span, { what: `\`${sourceText(expr)}\``, value: String(value) }, { hint: nonFiniteHint(expr.op, right) });
    return undefined;
  }
  return value;
}

/** Why `left op right` left the finite numbers, in words a user can act on. */
function nonFiniteHint(op: string, right: number): string {
  if (op === '/' && right === 0) return 'this divides by zero';
  if (op === '^') return 'a negative number to a fractional power has no real value, and a large power overflows; keep the result below about 1.8e308';
  return 'the result overflows a 64-bit float (about 1.8e308); use smaller numbers';
}

/** The largest finite float32; tensors (and so rates, means, constants in losses) are float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** E0228 when a value that becomes a float32 tensor would be Infinity there; true when it fits. */
export function checkFloat32(value: number, span: Span, reporter: Reporter, what: string): boolean {
  if (Math.abs(value) <= FLOAT32_MAX) return true;
  reporter.report('Float32Overflow', span, { what, value: formatNumber(value) }, { hint: 'training computes in float32, whose largest value is about 3.4e38; use a smaller number' });
  return false;
}

/** A constant that training uses as a float32 (a rate, a mean, a clip bound), or a report. */
export function evaluateFloat32(expr: Expr, scope: ConstantScope, reporter: Reporter, what: string): number | undefined {
  const value = evaluateConstant(expr, scope, reporter, what);
  return value !== undefined && checkFloat32(value, expr.span, reporter, what) ? value : undefined;
}

/** A constant expression as written, for messages (`1e200 * 1e200`). */
export function sourceText(expr: Expr): string {
  switch (expr.kind) {
    case 'Number': return expr.raw;
    case 'Name': return expr.name;
    case 'Unary': return `-${sourceText(expr.operand)}`;
    case 'Binary': {
      // A long chain is shown by its ends, so the text (and the walk) stays short.
      const { first, links } = leftSpine(expr);
      if (links.length <= 3) return `${operandText(expr.left)} ${expr.op} ${operandText(expr.right)}`;
      const last = links[links.length - 1]!;
      return `${operandText(first)} ${links[0]!.op} … ${last.op} ${operandText(last.right)}`;
    }
    default: return describeExpr(expr);
  }
}

function operandText(expr: Expr): string {
  return expr.kind === 'Binary' ? `(${sourceText(expr)})` : sourceText(expr);
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

/** The most a counted value may be, and why (the hint of E0227). */
export interface Limit {
  readonly max: number;
  readonly why: string;
}

/** Any count: above 2^53 − 1 a float64 no longer holds every integer. */
export const EXACT_INTEGER_LIMIT: Limit = { max: MAX_EXACT_INTEGER, why: 'integers above 2^53 − 1 are not exact in a 64-bit float' };

/**
 * A positive integer constant, at most `limit.max`, or a report naming `what`.
 * Every count is at least exact (`EXACT_INTEGER_LIMIT`).
 */
export function evaluatePositiveInteger(expr: Expr, scope: ConstantScope, reporter: Reporter, what: string, limit: Limit = EXACT_INTEGER_LIMIT): number | undefined {
  const value = evaluateConstant(expr, scope, reporter, what);
  if (value === undefined) return undefined;
  if (!isPositiveInteger(value)) {
    reporter.report('PositiveInteger', expr.span, { what, value: formatNumber(value) });
    return undefined;
  }
  return checkLimit(value, expr, reporter, what, limit) ? value : undefined;
}

/** Reports E0227 when `value` is over `limit`; true when it is within it. */
export function checkLimit(value: number, expr: Expr, reporter: Reporter, what: string, limit: Limit): boolean {
  if (value <= limit.max) return true;
  reporter.report('ValueTooLarge', expr.span, { what, value: formatCount(value), limit: formatCount(limit.max) }, { hint: limit.why });
  return false;
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

