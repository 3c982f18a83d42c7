// The shipped parser skips chevrotain's grammar validations to start faster
// (src/parser/parser.ts); they run here instead, so an ambiguous or
// left-recursive rule still fails a test.
import { describe, expect, it } from 'vitest';
import { AeganParser } from '../../src/parser/parser.js';

describe('the grammar', () => {
  it('passes chevrotain\'s validations (ambiguity, left recursion, duplicate names)', () => {
    // performSelfAnalysis throws on any definition error when validations run.
    expect(() => new AeganParser({ validate: true })).not.toThrow();
  });
});
