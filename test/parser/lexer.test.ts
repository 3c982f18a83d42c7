import { tokenMatcher } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { lex } from '../../src/parser/lexer.js';
import { LineMap } from '../../src/parser/positions.js';
import { Identifier } from '../../src/parser/tokens.js';
import { parse } from '../../src/parser/parse.js';
import { diagnosticsOf, parseExpr } from './harness.js';

function tokensOf(text: string): string[] {
  return lex(text, 'test.aegan', new LineMap(text)).tokens.map((token) =>
    token.tokenType.name === 'Newline' ? 'NL' : `${token.tokenType.name}(${token.image})`,
  );
}

describe('lexer', () => {
  it('reads numbers as written', () => {
    expect(tokensOf('42 0.5 2e-4 1E+3')).toEqual([
      'NumberLiteral(42)',
      'NumberLiteral(0.5)',
      'NumberLiteral(2e-4)',
      'NumberLiteral(1E+3)',
    ]);
  });

  it('never lets a number swallow `..`', () => {
    expect(tokensOf('0..1')).toEqual(['NumberLiteral(0)', 'DotDot(..)', 'NumberLiteral(1)']);
    expect(tokensOf('-1..1')).toEqual(['Minus(-)', 'NumberLiteral(1)', 'DotDot(..)', 'NumberLiteral(1)']);
    expect(tokensOf('0.5..1.5')).toEqual(['NumberLiteral(0.5)', 'DotDot(..)', 'NumberLiteral(1.5)']);
  });

  it('reads keywords as keywords that are also names', () => {
    const { tokens } = lex(
      'latent steps step stepsize class',
      'test.aegan',
      new LineMap('latent steps step stepsize class'),
    );
    expect(tokens.map((token) => token.tokenType.name)).toEqual(['Latent', 'Steps', 'Step', 'Identifier', 'Class']);
    expect(tokens.every((token) => tokenMatcher(token, Identifier))).toBe(true);
  });

  it('reads every operator and punctuation mark', () => {
    expect(tokensOf('( ) [ ] { } , : ; = -> |> .. ~ + - * / ^').map((token) => token.replace(/\(.*\)$/, ''))).toEqual([
      'LParen',
      'RParen',
      'LBracket',
      'RBracket',
      'LBrace',
      'RBrace',
      'Comma',
      'Colon',
      'Semicolon',
      'Equals',
      'Arrow',
      'Pipe',
      'DotDot',
      'Tilde',
      'Plus',
      'Minus',
      'Star',
      'Slash',
      'Caret',
    ]);
  });

  it('keeps comments apart from the tokens', () => {
    const text = 'a // one\n/* two\n */ b';
    const result = lex(text, 'test.aegan', new LineMap(text));
    expect(result.tokens.map((token) => token.image)).toEqual(['a', '\n', 'b']);
    expect(result.comments.map((token) => token.image)).toEqual(['// one', '/* two\n */']);
  });

  it('decodes JSON escapes in strings', () => {
    const value = parseExpr(String.raw`"a\"b\\c\/d\n\u0041"`);
    expect(value).toMatchObject({ kind: 'String', value: 'a"b\\c/d\nA', raw: String.raw`"a\"b\\c\/d\n\u0041"` });
  });
});

describe('lexical errors', () => {
  it('reports an unexpected character and reads on', () => {
    // The `2` left behind is not reported again as a syntax error.
    expect(diagnosticsOf('param a = 1 @ 2\nparam b = 3 # 4')).toEqual([
      'E0102 1:13 unexpected character `@`',
      'E0102 2:13 unexpected character `#`',
    ]);
  });

  it('names an invisible character by its code point', () => {
    expect(diagnosticsOf('param a = 1\u0007')).toEqual(['E0102 1:12 unexpected character U+0007']);
  });

  it('reports an unterminated string once, at the string', () => {
    expect(diagnosticsOf('data x: [1] from csv("a.csv)\nparam b = 1')).toEqual(['E0104 1:22 unterminated string']);
  });

  it('reports an unterminated block comment at its start', () => {
    expect(diagnosticsOf('param a = 1\n/* never\nclosed')).toEqual(['E0103 2:1 unterminated block comment']);
  });

  it('reports an invalid escape at the escape', () => {
    expect(diagnosticsOf(String.raw`data x: [1] from npy("a\qb.npy")`)).toEqual([
      'E0105 1:24 invalid escape sequence in string',
    ]);
    expect(diagnosticsOf(String.raw`data x: [1] from npy("\u12")`)).toEqual([
      'E0105 1:23 invalid escape sequence in string',
    ]);
  });

  it('reports numbers glued to letters or a lone dot', () => {
    expect(diagnosticsOf('param a = 2e\nparam b = 1.\nparam c = 12px')).toEqual([
      'E0106 1:11 invalid number `2e`',
      'E0106 2:11 invalid number `1.`',
      'E0106 3:11 invalid number `12px`',
    ]);
  });

  it('gives lexical errors spans that cover the offending text', () => {
    const [number, string] = parse('param a = 12px + "abc', 'test.aegan').diagnostics;
    expect(number.span).toEqual({
      start: { offset: 10, line: 1, column: 11 },
      end: { offset: 14, line: 1, column: 15 },
    });
    expect(string.span?.end.offset).toBe(21);
  });

  it('keeps the declarations around a lexical error', () => {
    const result = parse('param a = 1\nparam b = 2 @\nparam c = 3', 'test.aegan');
    expect(result.value?.declarations.map((declaration) => declaration.kind)).toEqual([
      'ParamDecl',
      'ParamDecl',
      'ParamDecl',
    ]);
  });
});
