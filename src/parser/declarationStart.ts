import { tokenMatcher, type IToken } from './chevrotain.js';
import {
  DeclarationKeywords,
  Every,
  From,
  Identifier,
  Init,
  LBrace,
  Maximize,
  Minimize,
  Over,
  Repeat,
  Scale,
  Train,
  With,
} from './tokens.js';

/**
 * Keywords that join the parts of a declaration or item. `over G,` followed
 * by `data with adam()` on the next line is valid (a network called `data`),
 * so `data with` must not count as a declaration start.
 */
const joiningKeywords = [From, Scale, Over, With, Repeat, Every, Init, Minimize, Maximize];

/**
 * Whether `tokens[index]` begins a top-level declaration: a declaration keyword
 * followed by a name (`loss x`, `network G`), or `train {`.
 *
 * Two names side by side are never valid inside brackets, a network body or a
 * train block, so when this appears at the start of a line it means an earlier
 * bracket or brace was left open. The layout passes then close everything, so
 * one missing `)` or `}` cannot swallow the rest of the file.
 */
export function startsDeclaration(tokens: readonly IToken[], index: number): boolean {
  const keyword = tokens[index];
  const next = tokens[index + 1];
  if (keyword === undefined || next === undefined) return false;
  if (keyword.tokenType === Train) return next.tokenType === LBrace;
  return (
    DeclarationKeywords.includes(keyword.tokenType) &&
    tokenMatcher(next, Identifier) &&
    !joiningKeywords.includes(next.tokenType)
  );
}
