// docs/reference.md's table of expression functions is the term op table's:
// every function term, with its signature and result, in table order, and
// nothing else.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TERMS, TERM_OPS, termSignatureText } from '../../src/ir/ops/terms.js';

const reference = readFileSync(new URL('../../docs/reference.md', import.meta.url), 'utf8');

function documentedRows(): string[] {
  const section = /<!-- terms:begin -->\n([\s\S]*?)<!-- terms:end -->/.exec(reference);
  expect(section, 'docs/reference.md has a terms:begin … terms:end section').not.toBeNull();
  return section![1]!.trim().split('\n').slice(2);
}

describe('the documented expression functions', () => {
  it('are every function term of src/ir/ops/terms.ts, with its signature and result, in table order', () => {
    const expected = FUNCTION_TERMS.map((op) => `| \`${termSignatureText(op)}\` | ${TERM_OPS[op].returns} |`);
    expect(documentedRows()).toEqual(expected);
  });

  // Typed by the checker instead: the penalties read their critic, cutout_mask the node
  // of its argument, cutout names the image in E0424.
  const typedByTheChecker = new Set(['gradient_penalty', 'r1_penalty', 'cutout', 'cutout_mask']);

  it('give every function term a type rule or a stated reason', () => {
    for (const op of FUNCTION_TERMS) {
      expect(TERM_OPS[op].returns, op).toBeTruthy();
      if (!typedByTheChecker.has(op)) expect(TERM_OPS[op].type, op).toBeTypeOf('function');
    }
  });
});
