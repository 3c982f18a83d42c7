// A limit on how deeply a declaration nests, checked on its tokens before the
// parser sees them. The parser, like every later stage, recurses once per
// level of brackets, unary minus and `^` (it is right-associative); with
// Node's default stack it survives only a few hundred levels (about 200
// nested calls when its code is still cold), so past the limit a declaration
// gets E0107 instead of a stack overflow. Long chains of `+ - * / |>` are flat
// lists to the parser and do not count.

import type { IToken, TokenType } from './chevrotain.js';
import {
  Caret,
  Colon,
  Comma,
  DotDot,
  Equals,
  Identifier,
  LBrace,
  LBracket,
  LParen,
  MalformedNumber,
  Minus,
  NumberLiteral,
  Pipe,
  Plus,
  RBrace,
  RBracket,
  RParen,
  Slash,
  Star,
  StringLiteral,
} from './tokens.js';

/** The deepest nesting a declaration may have: far beyond any real spec, far below the stack's limit. */
export const MAX_NESTING = 64;

const opening: ReadonlySet<TokenType> = new Set([LParen, LBracket, LBrace]);
const closing: ReadonlySet<TokenType> = new Set([RParen, RBracket, RBrace]);
/** Tokens after which a `-` is binary, not unary. */
const operandEnds: ReadonlySet<TokenType> = new Set([Identifier, NumberLiteral, MalformedNumber, StringLiteral, RParen, RBracket, RBrace]);
/** Tokens that end a run of unary minus and `^` at one bracket level. */
const runEnds: ReadonlySet<TokenType> = new Set([Plus, Star, Slash, Comma, DotDot, Pipe, Colon, Equals]);

/** The first token at which `tokens` nest deeper than `limit`, and the deepest nesting they reach. */
export function tooDeep(tokens: readonly IToken[], limit = MAX_NESTING): { token: IToken; depth: number } | undefined {
  // depth = open brackets + the unary/`^` runs of every open level and of this one.
  let depth = 0;
  let run = 0;
  const outerRuns: number[] = [];
  let previous: TokenType | undefined;
  let first: IToken | undefined;
  let deepest = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (opening.has(type)) {
      outerRuns.push(run);
      run = 0;
      depth++;
    } else if (closing.has(type)) {
      if (outerRuns.length > 0) {
        depth -= 1 + run;
        run = outerRuns.pop()!;
      }
    } else if (type === Caret || (type === Minus && (previous === undefined || !operandEnds.has(previous)))) {
      run++;
      depth++;
    } else if (type === Minus || runEnds.has(type)) {
      depth -= run;
      run = 0;
    }
    if (depth > limit) first ??= token;
    deepest = Math.max(deepest, depth);
    previous = type;
  }
  return first ? { token: first, depth: deepest } : undefined;
}
