// Text to tokens. Lexical errors become diagnostics and the lexer reads on, so
// the parser still sees every token it can use.

import { Lexer, type ILexerConfig, type ILexingError, type IToken, type TokenType } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { LineMap } from './positions.js';
import { decodeString } from './strings.js';
import { allTokens, MalformedNumber, StringLiteral, UnterminatedBlockComment, UnterminatedString } from './tokens.js';

export interface LexResult {
  /** Code tokens, `Newline`s included, in source order. */
  readonly tokens: readonly IToken[];
  /** Line and block comments, kept for `aeganc fmt`. */
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The lexer's options; test/parser/grammarValidation.test.ts builds it once with the validations on. */
export const LEXER_OPTIONS: Readonly<ILexerConfig> = {
  positionTracking: 'full',
  // Lines end at `\n` only, as in `LineMap` and the diagnostic renderer.
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
  ensureOptimizations: true,
  // The token definitions are fixed: checking their patterns at every start costs `check` time for nothing.
  skipValidations: true,
};

const lexer = new Lexer([...allTokens], LEXER_OPTIONS);

export function lex(text: string, file: string, lines: LineMap): LexResult {
  const result = lexer.tokenize(text);
  const comments = result.groups.comments ?? [];
  const diagnostics: Diagnostic[] = [];

  diagnostics.push(...unexpectedCharacters(result.errors, text, file, lines));
  for (const token of comments) {
    if (token.tokenType === UnterminatedBlockComment) {
      diagnostics.push(
        makeDiagnostic('UnterminatedComment', file, lines.span(token.startOffset, token.startOffset + 2), {}),
      );
    }
  }
  const perLine = new Map<number, number>();
  for (const token of result.tokens) {
    if (token.tokenType !== MalformedNumber && token.tokenType !== StringLiteral && token.tokenType !== UnterminatedString) continue;
    for (const found of tokenDiagnostics(token, file, lines)) {
      const line = found.span?.start.line ?? 0;
      const count = perLine.get(line) ?? 0;
      perLine.set(line, count + 1);
      if (count < MAX_LEXICAL_ERRORS_PER_LINE) diagnostics.push(found);
    }
  }
  return { tokens: result.tokens, comments, diagnostics };
}

/** A line with more lexical errors than this shows only the first ones: the rest are the same mistake. */
export const MAX_LEXICAL_ERRORS_PER_LINE = 3;

/**
 * Chevrotain reports each run of characters no token starts with. One line
 * gets one diagnostic, at its first run, with a count of the others: a line of
 * `§ § § …` is one mistake, not thousands.
 */
function unexpectedCharacters(errors: readonly ILexingError[], text: string, file: string, lines: LineMap): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let current: { line: number; offset: number; length: number; more: number } | undefined;
  const flush = () => {
    if (!current) return;
    const char = characterAt(text, current.offset);
    const span = lines.span(current.offset, current.offset + Math.max(current.length, char.length));
    const label = current.more > 0 ? `and ${current.more} more on this line` : undefined;
    diagnostics.push(makeDiagnostic('UnexpectedCharacter', file, span, { char: describeCharacter(char) }, label ? { label } : {}));
  };
  for (const error of errors) {
    const line = error.line ?? lines.position(error.offset).line;
    if (current?.line === line) {
      current.more++;
      continue;
    }
    flush();
    current = { line, offset: error.offset, length: error.length, more: 0 };
  }
  flush();
  return diagnostics;
}

function tokenDiagnostics(token: IToken, file: string, lines: LineMap): Diagnostic[] {
  const type: TokenType = token.tokenType;
  const start = token.startOffset;
  const end = start + token.image.length;
  if (type === MalformedNumber) {
    return [makeDiagnostic('InvalidNumber', file, lines.span(start, end), { text: token.image })];
  }
  if (type !== StringLiteral && type !== UnterminatedString) return [];
  const found: Diagnostic[] = [];
  if (type === UnterminatedString) {
    found.push(
      makeDiagnostic(
        'UnterminatedString',
        file,
        lines.span(start, end),
        {},
        { hint: 'close it with `"` on the same line' },
      ),
    );
  }
  for (const escape of decodeString(token.image).invalidEscapes) {
    found.push(
      makeDiagnostic(
        'InvalidEscape',
        file,
        lines.span(start + escape.offset, start + escape.offset + escape.length),
        {},
        {
          hint: 'the escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX',
        },
      ),
    );
  }
  return found;
}

/** The whole code point at `offset`, so an emoji is one character, not half of one. */
function characterAt(text: string, offset: number): string {
  return String.fromCodePoint(text.codePointAt(offset) ?? 0xfffd);
}

function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const printable = code > 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0xa0) && char !== '`';
  return printable ? `\`${char}\`` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
