// Chevrotain's recognition exceptions as E0101 diagnostics: "unexpected `)`;
// expected a name", pointing at the token found.

import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { Span } from './ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { LineMap } from './positions.js';
import type { DeclarationTokens } from './splitDeclarations.js';
import { Newline } from './tokens.js';

const declarationHint =
  'a declaration starts with `model`, `param`, `data`, `latent`, `network`, `let`, `loss` or `train`';

/**
 * One diagnostic per line at most, and none on a line with a lexical error
 * (`linesWithErrors`): after the first error on a line, what the parser trips
 * over next is almost always the same mistake seen again.
 */
export function syntaxDiagnostics(
  errors: readonly IRecognitionException[],
  declaration: DeclarationTokens,
  file: string,
  lines: LineMap,
  linesWithErrors: ReadonlySet<number>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reportedLines = new Set(linesWithErrors);
  for (const error of errors) {
    const { found, span } = describeFound(error.token, declaration, lines);
    if (reportedLines.has(span.start.line)) continue;
    reportedLines.add(span.start.line);
    const expected = error.message;
    diagnostics.push(
      makeDiagnostic(
        'UnexpectedToken',
        file,
        span,
        { found, expected },
        expected === 'a declaration' ? { hint: declarationHint } : {},
      ),
    );
  }
  return diagnostics;
}

/**
 * What the parser found, and where. Chevrotain's EOF and the tokens its
 * recovery inserts have no position (NaN offsets); for those, the parser ran
 * out of this declaration, so it found the separator that ended it.
 */
function describeFound(token: IToken, declaration: DeclarationTokens, lines: LineMap): { found: string; span: Span } {
  if (hasPosition(token)) return { found: describeToken(token), span: tokenSpan(token, lines) };
  const terminator = declaration.terminator;
  if (terminator !== undefined && hasPosition(terminator)) {
    return { found: describeToken(terminator), span: tokenSpan(terminator, lines) };
  }
  const last = [...declaration.tokens].reverse().find(hasPosition);
  const end = last === undefined ? 0 : last.startOffset + last.image.length;
  return { found: 'end of file', span: lines.span(end, end) };
}

function hasPosition(token: IToken): boolean {
  return token.tokenType !== EOF && Number.isFinite(token.startOffset);
}

function tokenSpan(token: IToken, lines: LineMap): Span {
  return lines.span(token.startOffset, token.startOffset + token.image.length);
}

const maxShown = 24;

function describeToken(token: IToken): string {
  if (token.tokenType === Newline) return 'end of line';
  const image = token.image.length > maxShown ? `${token.image.slice(0, maxShown - 1)}…` : token.image;
  return `\`${image}\``;
}
