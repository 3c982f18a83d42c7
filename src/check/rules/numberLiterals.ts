import type { NumberLiteral, SourceFile } from '../../parser/ast.js';
import type { Reporter } from '../context.js';

/**
 * E0225: a literal such as `1e309` parses to Infinity, which no shape, rate or
 * distribution can use. Every literal is reported where it is written, even
 * one that no later check evaluates; evaluation then treats it as failed.
 */
export function checkNumberLiterals(file: SourceFile, reporter: Reporter): void {
  for (const literal of numberLiterals(file)) {
    if (Number.isFinite(literal.value)) continue;
    reporter.report('NumberOverflow', literal.span, { text: literal.raw }, {
      hint: 'the largest 64-bit float is about 1.8e308; write a smaller number',
    });
  }
}

/** Every number literal in the file, in source order. Iterative: nesting depth is the user's. */
function numberLiterals(file: SourceFile): NumberLiteral[] {
  const found: NumberLiteral[] = [];
  const stack: unknown[] = [file.declarations];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value !== null && typeof value === 'object') {
      const node = value as { kind?: string };
      if (node.kind === 'Number') {
        found.push(node as NumberLiteral);
        continue;
      }
      for (const [key, child] of Object.entries(node)) {
        if (key !== 'span' && key !== 'keyword' && typeof child === 'object') stack.push(child);
      }
    }
  }
  return found.sort((a, b) => a.span.start.offset - b.span.start.offset);
}
