// Shared helpers for the parser and fmt tests.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Declaration, Expr, SourceFile, Span } from '../../src/parser/ast.js';
import { parse } from '../../src/parser/parse.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Example {
  readonly name: string;
  readonly text: string;
}

/**
 * The example specs of LANGUAGE.md, extracted by shared/tools (which sits next
 * to the repository, at ../shared, locally and in CI).
 */
export function languageExamples(): Example[] {
  const tool = resolve(repoRoot, '../shared/tools/language-examples.mjs');
  if (!existsSync(tool)) throw new Error(`cannot find ${tool}: LANGUAGE.md's examples come from there`);
  const dir = mkdtempSync(join(tmpdir(), 'aegan-examples-'));
  execFileSync(process.execPath, [tool, dir], { stdio: 'ignore' });
  const examples = readdirSync(dir)
    .filter((name) => name.endsWith('.aegan'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  if (examples.length === 0) throw new Error('LANGUAGE.md yielded no examples');
  return examples;
}

/** Parses text that must be free of diagnostics. */
export function parseClean(text: string): SourceFile {
  const result = parse(text, 'test.aegan');
  expect(result.diagnostics.map(showDiagnostic)).toEqual([]);
  if (!result.value) throw new Error('no value');
  return result.value;
}

export function parseDeclaration(text: string): Declaration {
  const file = parseClean(text);
  expect(file.declarations).toHaveLength(1);
  return file.declarations[0];
}

/** The expression in `param p = <text>`. */
export function parseExpr(text: string): Expr {
  const declaration = parseDeclaration(`param p = ${text}`);
  if (declaration.kind !== 'ParamDecl') throw new Error(declaration.kind);
  return declaration.value;
}

/** `E0101 3:7 unexpected ...`: code, position and message in one string. */
export function showDiagnostic(diagnostic: Diagnostic): string {
  const at = diagnostic.span ? `${diagnostic.span.start.line}:${diagnostic.span.start.column}` : '-';
  return `${diagnostic.code} ${at} ${diagnostic.message}`;
}

export function diagnosticsOf(text: string): string[] {
  return parse(text, 'test.aegan').diagnostics.map(showDiagnostic);
}

/** An expression as compact text with every parenthesis explicit: `(a + (b * c))`. */
export function showExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Number':
    case 'String':
      return expr.raw;
    case 'Name':
      return expr.name;
    case 'Call':
      return `${expr.callee.name}(${expr.args
        .map((arg) => (arg.name ? `${arg.name.name}: ${showExpr(arg.value)}` : showExpr(arg.value)))
        .join(', ')})`;
    case 'List':
      return `[${expr.items.map(showExpr).join(', ')}]`;
    case 'Range':
      return `${showExpr(expr.low)}..${showExpr(expr.high)}`;
    case 'Unary':
      return `(-${showExpr(expr.operand)})`;
    case 'Binary':
      return `(${showExpr(expr.left)} ${expr.op} ${showExpr(expr.right)})`;
  }
}

/** Every span in a tree (any object with a `span` or `keyword` of Span shape). */
export function allSpans(node: unknown): Span[] {
  const spans: Span[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'span' || key === 'keyword') && isSpan(child)) spans.push(child);
        else if (key !== 'text') visit(child);
      }
    }
  };
  visit(node);
  return spans;
}

function isSpan(value: unknown): value is Span {
  return value !== null && typeof value === 'object' && 'start' in value && 'end' in value;
}

/** Whether a span is well formed within a text of `length` characters. */
export function isWellFormed(span: Span, length: number): boolean {
  const positions = [span.start, span.end];
  return (
    positions.every(
      (p) =>
        Number.isInteger(p.offset) &&
        Number.isInteger(p.line) &&
        Number.isInteger(p.column) &&
        p.line >= 1 &&
        p.column >= 1 &&
        p.offset >= 0 &&
        p.offset <= length,
    ) && span.start.offset <= span.end.offset
  );
}
