// Which line breaks end a statement (docs/language.md, "Lexical"). The grammar then
// sees a `Separator` only where one is meant, at most one in a row, never at
// the start, right after `{` or right before a block's `}`, so it can stay
// LL(k) without optional separators everywhere.

import { createTokenInstance, type IToken, type TokenType } from './chevrotain.js';
import { startsDeclaration } from './declarationStart.js';
import {
  Arrow,
  BlockComment,
  Caret,
  Colon,
  Comma,
  DotDot,
  Equals,
  LBrace,
  LBracket,
  LParen,
  Minus,
  Newline,
  Pipe,
  Plus,
  RBrace,
  RBracket,
  RParen,
  Semicolon,
  Slash,
  Star,
  Tilde,
} from './tokens.js';

/** A line ending in one of these continues on the next line. */
const continuesLine: ReadonlySet<TokenType> = new Set([
  Pipe,
  Comma,
  Equals,
  Arrow,
  Tilde,
  Colon,
  LBrace,
  DotDot,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
]);

const closerOf: ReadonlyMap<TokenType, TokenType> = new Map([
  [LParen, RParen],
  [LBracket, RBracket],
  [LBrace, RBrace],
]);

/**
 * Drops the `Newline`s that do not end a statement and collapses runs of
 * separators. `comments` matter only where a block comment spans lines: like a
 * line break in JavaScript, it ends the line it starts on.
 */
export function resolveNewlines(tokens: readonly IToken[], comments: readonly IToken[]): IToken[] {
  const input = withCommentLineBreaks(tokens, comments);
  const output: IToken[] = [];
  const open: TokenType[] = [];

  for (let i = 0; i < input.length; i++) {
    const token = input[i];
    const type = token.tokenType;
    if (type === Newline) {
      let next = i + 1;
      while (input[next]?.tokenType === Newline) next++;
      if (startsDeclaration(input, next)) {
        // Whatever is still open was left open by mistake; see startsDeclaration.
        open.length = 0;
        pushSeparator(output, token);
      } else if (insideBrackets(open) || continues(output) || input[next]?.tokenType === Pipe) {
        // Not the end of a statement: inside ( ) or [ ], after `|>` or `+`, or before `|>`.
      } else {
        pushSeparator(output, token);
      }
      i = next - 1;
      continue;
    }
    if (type === Semicolon) {
      pushSeparator(output, token);
      continue;
    }
    // Before a `}` that closes a block, a separator says nothing; a stray `}` is left for the parser.
    if (type === RBrace && open.includes(LBrace)) dropTrailingSeparators(output);
    if (closerOf.has(type)) open.push(type);
    else if (type === RParen || type === RBracket || type === RBrace) close(open, type);
    output.push(token);
  }
  // A separator at the very end stays: it is what a last, unfinished declaration ran into.
  return output;
}

function insideBrackets(open: readonly TokenType[]): boolean {
  const innermost = open[open.length - 1];
  return innermost === LParen || innermost === LBracket;
}

function continues(output: readonly IToken[]): boolean {
  const last = output[output.length - 1];
  return last !== undefined && continuesLine.has(last.tokenType);
}

/** Closes the innermost matching bracket, and with it any left open inside it. */
function close(open: TokenType[], closer: TokenType): void {
  for (let depth = open.length - 1; depth >= 0; depth--) {
    if (closerOf.get(open[depth]) === closer) {
      open.length = depth;
      return;
    }
  }
  // A closer with no opener: the parser reports it.
}

function isSeparator(token: IToken | undefined): boolean {
  return token !== undefined && (token.tokenType === Newline || token.tokenType === Semicolon);
}

function pushSeparator(output: IToken[], separator: IToken): void {
  const last = output[output.length - 1];
  if (last === undefined || isSeparator(last) || last.tokenType === LBrace) return;
  output.push(separator);
}

function dropTrailingSeparators(output: IToken[]): void {
  while (isSeparator(output[output.length - 1])) output.pop();
}

/** Merges in a `Newline` for each block comment that spans lines. */
function withCommentLineBreaks(tokens: readonly IToken[], comments: readonly IToken[]): readonly IToken[] {
  const breaks = comments
    .filter((comment) => comment.tokenType === BlockComment && comment.image.includes('\n'))
    .map((comment) =>
      createTokenInstance(
        Newline,
        comment.image,
        comment.startOffset,
        comment.endOffset ?? comment.startOffset + comment.image.length - 1,
        comment.startLine ?? NaN,
        comment.endLine ?? NaN,
        comment.startColumn ?? NaN,
        comment.endColumn ?? NaN,
      ),
    );
  if (breaks.length === 0) return tokens;
  return [...tokens, ...breaks].sort((a, b) => a.startOffset - b.startOffset);
}
