// Walks over expressions that keep the call stack flat. A sum of 10,000 terms
// is a tree 10,000 deep down its left side; recursing down that side would
// overflow the stack, so the stages walk it with these instead.

import type { BinaryExpr, Expr } from './ast.js';

/**
 * A left-leaning chain `((a + b) - c) * d` as its innermost left operand
 * (`a`) and the binary nodes above it, innermost first (`+`, `-`, `*`).
 * Folding over `links` visits the operands in source order.
 */
export function leftSpine(expr: BinaryExpr): { readonly first: Expr; readonly links: readonly BinaryExpr[] } {
  const links: BinaryExpr[] = [];
  let node: Expr = expr;
  while (node.kind === 'Binary') {
    links.push(node);
    node = node.left;
  }
  return { first: node, links: links.reverse() };
}

/** The direct subexpressions of `expr`, in source order. */
export function childExpressions(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'Binary':
      return [expr.left, expr.right];
    case 'Unary':
      return [expr.operand];
    case 'Call':
      return expr.args.map((arg) => arg.value);
    case 'List':
      return expr.items;
    case 'Range':
      return [expr.low, expr.high];
    default:
      return [];
  }
}

/** Every expression inside `expr` (itself included), in source order, without recursion. */
export function* subexpressions(expr: Expr): Generator<Expr> {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const next = stack.pop()!;
    yield next;
    const children = childExpressions(next);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
