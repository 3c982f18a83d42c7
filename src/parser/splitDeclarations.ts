import { tokenMatcher, type IToken } from './chevrotain.js';
import { startsDeclaration } from './declarationStart.js';
import { LBrace, RBrace, Separator } from './tokens.js';

/** The tokens of one top-level declaration, and the separator that ended it. */
export interface DeclarationTokens {
  readonly tokens: readonly IToken[];
  /** The `Newline` or `;` after the declaration; absent at the end of the file. */
  readonly terminator?: IToken;
}

/**
 * Cuts the statement-level token vector (see `resolveNewlines`) into top-level
 * declarations, so that each is parsed on its own and a syntax error in one
 * cannot derail the next: the parser re-synchronises at every separator
 * outside braces, and at every line that plainly starts a new declaration.
 */
export function splitDeclarations(tokens: readonly IToken[]): DeclarationTokens[] {
  const declarations: DeclarationTokens[] = [];
  let current: IToken[] = [];
  let braces = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (tokenMatcher(token, Separator) && (braces === 0 || startsDeclaration(tokens, i + 1))) {
      if (current.length > 0) declarations.push({ tokens: current, terminator: token });
      current = [];
      braces = 0;
      continue;
    }
    if (token.tokenType === LBrace) braces++;
    else if (token.tokenType === RBrace) braces = Math.max(0, braces - 1);
    current.push(token);
  }
  if (current.length > 0) declarations.push({ tokens: current });
  return declarations;
}
