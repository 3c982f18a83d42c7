// The comment policy of copied code (src/codegen/copiedComments.ts): a doc
// comment's first sentence stays, on one line; other comments and blank lines
// inside a declaration go; string and template literals are never touched.
import { describe, expect, it } from 'vitest';
import { withSummaryComments } from '../../src/codegen/copiedComments.js';

describe('withSummaryComments', () => {
  it("keeps a doc comment's first sentence on one line and drops the rest", () => {
    const text = `/**
 * One update of one weight. \`t\` is the update count,
 * 1 on the first update.
 *
 * More detail.
 */
function f(): number {
  return 1;
}`;
    expect(withSummaryComments(text)).toBe('/** One update of one weight. */\nfunction f(): number {\n  return 1;\n}');
  });

  it('ends a sentence at a colon that ends a line, not at e.g. or a path', () => {
    expect(withSummaryComments('/**\n * One draw (docs/ir.md, e.g. normal):\n *   glorot: ...\n */\nconst a = 1;')).toBe('/** One draw (docs/ir.md, e.g. normal). */\nconst a = 1;');
  });

  it('drops line comments, trailing comments and blank lines inside the declaration', () => {
    const text = `function g(x: number): number {
  // why it is so
  const y = x + 1; // trailing

  /* block */
  return y;
}`;
    expect(withSummaryComments(text)).toBe('function g(x: number): number {\n  const y = x + 1;\n  return y;\n}');
  });

  it('leaves literals alone: a // in a string, blank lines and /* in a template', () => {
    const text = "const s = ['http://x', `a\n\n  /* b */ // c\n`];";
    expect(withSummaryComments(text)).toBe(text);
  });

  it('keeps members\' first sentences and a blank line before each method of a class', () => {
    const text = `class C {
  /** A field. More. */
  readonly a = 1;
  readonly b = 2;
  /** The first. */
  one(): number {
    return this.a;
  }
  two(): number {
    return this.b;
  }
}`;
    expect(withSummaryComments(text)).toBe(`class C {
  /** A field. */
  readonly a = 1;
  readonly b = 2;

  /** The first. */
  one(): number {
    return this.a;
  }

  two(): number {
    return this.b;
  }
}`);
  });

  it('drops a doc comment that holds only tags', () => {
    expect(withSummaryComments('/** @internal */\nconst a = 1;')).toBe('const a = 1;');
  });
});
