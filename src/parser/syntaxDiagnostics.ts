// Chevrotain's recognition exceptions as E0101 diagnostics: "unexpected `)`;
// expected a name", pointing at the token found.

import { EOF, type IRecognitionException, type IToken } from './chevrotain.js';
import type { Span } from './ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { LineMap } from './positions.js';
import type { DeclarationTokens } from './splitDeclarations.js';
import { Expected } from './syntaxErrorMessages.js';
import { Newline } from './tokens.js';

/** For a choice of keywords: the keywords, and a hint when no keyword is close to what was written. */
const keywordChoices: ReadonlyMap<string, { readonly keywords: readonly string[]; readonly hint: string }> = new Map([
  [
    Expected.declaration,
    {
      keywords: ['model', 'param', 'data', 'latent', 'network', 'let', 'loss', 'train'],
      hint: 'a declaration starts with `model`, `param`, `data`, `latent`, `network`, `let`, `loss` or `train`',
    },
  ],
  [
    Expected.trainItem,
    {
      keywords: ['step', 'batch', 'epochs', 'steps', 'seed', 'ema', 'sample', 'checkpoint'],
      hint: 'a train block holds `step`, `batch`, `epochs`, `steps`, `seed`, `ema`, `sample` and `checkpoint`',
    },
  ],
]);

/**
 * One diagnostic per line at most: after the first error on a line, lexical
 * or syntactic, what the parser trips over next is almost always the same
 * mistake seen again. `reportedLines` is shared by the whole file and updated.
 */
export function syntaxDiagnostics(
  errors: readonly IRecognitionException[],
  declaration: DeclarationTokens,
  file: string,
  lines: LineMap,
  reportedLines: Set<number>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const { found, span } = describeFound(error.token, declaration, lines);
    if (reportedLines.has(span.start.line)) continue;
    reportedLines.add(span.start.line);
    const expected = error.message;
    const hint = keywordHint(expected, error.token);
    diagnostics.push(makeDiagnostic('UnexpectedToken', file, span, { found, expected }, hint ? { hint } : {}));
  }
  return diagnostics;
}

/** `did you mean `network`?` for `netwrok`, else what the choice accepts. */
function keywordHint(expected: string, token: IToken): string | undefined {
  const choice = keywordChoices.get(expected);
  if (choice === undefined) return undefined;
  const written = hasPosition(token) ? token.image : '';
  const closest = closestWord(written, choice.keywords);
  return closest === undefined ? choice.hint : `did you mean \`${closest}\`?`;
}

/** The word nearest to `written` by edit distance, if it is near enough to be a typo. */
function closestWord(written: string, words: readonly string[]): string | undefined {
  const limit = Math.min(2, Math.floor(written.length / 3));
  let best: { word: string; distance: number } | undefined;
  for (const word of words) {
    const distance = editDistance(written.toLowerCase(), word);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { word, distance };
  }
  return best?.word;
}

/** Levenshtein distance, with a transposition counted as one edit (`netwrok`). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
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
