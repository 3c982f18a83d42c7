// The shipped parser and lexer skip chevrotain's grammar validations to start faster
// (src/parser/parser.ts); they run here instead, so an ambiguous or
// left-recursive rule still fails a test.
import { describe, expect, it } from 'vitest';
import { AeganParser } from '../../src/parser/parser.js';
import { Lexer } from '../../src/parser/chevrotain.js';
import { LEXER_OPTIONS } from '../../src/parser/lexer.js';
import { allTokens } from '../../src/parser/tokens.js';

describe('the grammar', () => {
  it('passes chevrotain\'s validations (ambiguity, left recursion, duplicate names)', () => {
    // performSelfAnalysis throws on any definition error when validations run.
    expect(() => new AeganParser({ validate: true })).not.toThrow();
  });

  it('has tokens that pass the lexer\'s validations (unreachable or duplicate patterns)', () => {
    // The shipped lexer skips them too (src/parser/lexer.ts); the constructor throws on a definition error.
    expect(() => new Lexer([...allTokens], { ...LEXER_OPTIONS, skipValidations: false })).not.toThrow();
  });
});
