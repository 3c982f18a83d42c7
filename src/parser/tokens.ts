// The vocabulary of .aegan: every token type, in the order the lexer tries them.
// Each token's `label` is how error messages name it ("expected `)`").

import { createToken, Lexer, type TokenType } from './chevrotain.js';

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
});

// Keywords are Identifiers too (the `categories`), so that wherever the grammar
// expects a name a keyword is accepted: docs/language.md writes `[latent]` for a
// param called `latent`, and `step D: … over D` reuses a network's name.
function keyword(word: string): TokenType {
  return createToken({
    name: word.charAt(0).toUpperCase() + word.slice(1),
    pattern: word,
    longer_alt: Identifier,
    categories: [Identifier],
    label: `\`${word}\``,
  });
}

export const Model = keyword('model');
export const Param = keyword('param');
export const Data = keyword('data');
export const From = keyword('from');
export const Scale = keyword('scale');
export const Latent = keyword('latent');
export const Network = keyword('network');
export const Let = keyword('let');
export const Loss = keyword('loss');
export const Train = keyword('train');
export const Step = keyword('step');
export const Minimize = keyword('minimize');
export const Maximize = keyword('maximize');
export const Over = keyword('over');
export const With = keyword('with');
export const Repeat = keyword('repeat');
export const Batch = keyword('batch');
export const Epochs = keyword('epochs');
export const Steps = keyword('steps');
export const Seed = keyword('seed');
export const Every = keyword('every');
export const Sample = keyword('sample');
export const Checkpoint = keyword('checkpoint');
/** `eval every N`: held-out evaluation while training (docs/reference.md). */
export const Eval = keyword('eval');
export const Ema = keyword('ema');
export const Init = keyword('init');
/** Not a keyword of the language (docs/language.md), only a word the grammar looks for in `class[K]`. */
export const Class = keyword('class');

export const Keywords: readonly TokenType[] = [
  Model,
  Param,
  Data,
  From,
  Scale,
  Latent,
  Network,
  Let,
  Loss,
  Train,
  Step,
  Minimize,
  Maximize,
  Over,
  With,
  Repeat,
  Batch,
  Epochs,
  Steps,
  Seed,
  Every,
  Sample,
  Checkpoint,
  Eval,
  Ema,
  Init,
];

/** The keywords that begin a top-level declaration. */
export const DeclarationKeywords: readonly TokenType[] = [Model, Param, Data, Latent, Network, Let, Loss, Train];

// ── literals ──

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

/**
 * A number glued to letters or to a lone dot: `2e`, `12px`, `1.`, `1.2.3`.
 * It counts as a NumberLiteral so the parser reads on; the lexer reports it.
 * A `..` is never swallowed: `0..1` is 0, `..`, 1.
 */
export const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: { exec: matchMalformedNumber },
  line_breaks: false,
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  categories: [NumberLiteral],
  label: 'a number',
});

const wellFormedNumber = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const gluedToNumber = /(?:[A-Za-z0-9_]|\.(?!\.))+/y;

/**
 * A custom matcher, because a regular expression would backtrack into the
 * number itself (`0.02` is `0` glued to `.02`): JavaScript has no possessive
 * quantifiers.
 */
function matchMalformedNumber(text: string, offset: number): RegExpExecArray | null {
  wellFormedNumber.lastIndex = offset;
  const number = wellFormedNumber.exec(text);
  if (number === null) return null;
  gluedToNumber.lastIndex = offset + number[0].length;
  const glued = gluedToNumber.exec(text);
  if (glued === null) return null;
  number[0] = text.slice(offset, glued.index + glued[0].length);
  return number;
}

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  label: 'a string',
});

/** A string cut off by the end of its line; reported by the lexer, parsed as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r]?)*/,
  categories: [StringLiteral],
  label: 'a string',
});

// ── trivia ──

export const Whitespace = createToken({
  name: 'Whitespace',
  // A lone `\r` is whitespace; `\r\n` ends a line through its `\n`.
  pattern: /[ \t\r\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
});

export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\n\r]*(?:\r(?!\n)[^\n\r]*)*/,
  start_chars_hint: ['/'],
  group: 'comments',
});

export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
});

export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
});

// ── statement ends ──

/** What ends a statement: a line break or a `;`. */
export const Separator = createToken({ name: 'Separator', pattern: Lexer.NA, label: 'end of line' });
export const Newline = createToken({
  name: 'Newline',
  pattern: /\n/,
  line_breaks: true,
  categories: [Separator],
  label: 'end of line',
});
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', categories: [Separator], label: '`;`' });

// ── punctuation and operators ──

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, categories, label: `\`${text}\`` });
}

export const AdditiveOperator = createToken({ name: 'AdditiveOperator', pattern: Lexer.NA, label: '`+` or `-`' });
export const MultiplicativeOperator = createToken({
  name: 'MultiplicativeOperator',
  pattern: Lexer.NA,
  label: '`*` or `/`',
});

export const Arrow = punctuation('Arrow', '->');
export const Pipe = punctuation('Pipe', '|>');
export const DotDot = punctuation('DotDot', '..');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LBracket = punctuation('LBracket', '[');
export const RBracket = punctuation('RBracket', ']');
export const LBrace = punctuation('LBrace', '{');
export const RBrace = punctuation('RBrace', '}');
export const Comma = punctuation('Comma', ',');
export const Colon = punctuation('Colon', ':');
export const Equals = punctuation('Equals', '=');
export const Tilde = punctuation('Tilde', '~');
export const Plus = punctuation('Plus', '+', [AdditiveOperator]);
export const Minus = punctuation('Minus', '-', [AdditiveOperator]);
export const Star = punctuation('Star', '*', [MultiplicativeOperator]);
export const Slash = punctuation('Slash', '/', [MultiplicativeOperator]);
export const Caret = punctuation('Caret', '^');

/** Every token type, in the order the lexer tries them (first match wins). */
export const allTokens: readonly TokenType[] = [
  Whitespace,
  Newline,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  UnterminatedString,
  MalformedNumber,
  NumberLiteral,
  Arrow,
  Pipe,
  DotDot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Semicolon,
  Equals,
  Tilde,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  // Longest first, so that `steps` is not read as `step` plus more.
  ...[...Keywords, Class].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  // Abstract categories: never matched, listed so the parser knows them.
  Separator,
  AdditiveOperator,
  MultiplicativeOperator,
];
