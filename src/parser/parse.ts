import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
// The parser's one door: text in, `{ value?, diagnostics }` out, never a throw.

import type { IToken } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { limitErrors } from '../diagnostics/limitErrors.js';
import type { Comment, Declaration, SourceFile } from './ast.js';
import { AstBuilder } from './buildAst.js';
import { lex } from './lexer.js';
import { resolveNewlines } from './newlines.js';
import { AeganParser } from './parser.js';
import { LineMap } from './positions.js';
import { MAX_NESTING, tooDeep } from './nestingDepth.js';
import { splitDeclarations, type DeclarationTokens } from './splitDeclarations.js';
import { syntaxDiagnostics } from './syntaxDiagnostics.js';
import { BlockComment, UnterminatedBlockComment } from './tokens.js';
import { DeclarationCache } from './declarationCache.js';

export { DeclarationCache };

export interface ParseOptions {
  /** Declarations parsed by earlier calls for the same file, reused where their tokens are unchanged. */
  readonly cache?: DeclarationCache;
}

export interface ParseResult {
  readonly value?: SourceFile;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses one .aegan file. The value holds every declaration that parsed
 * cleanly; a declaration with a syntax error is left out (and reported), so
 * later stages never see half a declaration.
 */
export function parse(text: string, file: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseText(text, file, options.cache);
  } catch (error) {
    return { diagnostics: [internalError(file, error)] };
  }
}

let sharedParser: AeganParser | undefined;

/** Building the parser analyses the grammar (tens of milliseconds): do it once. */
function parser(): AeganParser {
  sharedParser ??= new AeganParser();
  return sharedParser;
}

function parseText(text: string, file: string, cache: DeclarationCache | undefined): ParseResult {
  const lines = new LineMap(text);
  const builder = new AstBuilder(lines);
  const lexed = lex(text, file, lines);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const declarations: Declaration[] = [];

  const reportedLines = new Set(lexed.diagnostics.map((diagnostic) => diagnostic.span?.start.line ?? 0));
  for (const tokens of splitDeclarations(resolveNewlines(lexed.tokens, lexed.comments))) {
    const parsed = parseDeclaration(tokens, { file, lines, builder, reportedLines, cache });
    diagnostics.push(...parsed.diagnostics);
    if (parsed.declaration) declarations.push(parsed.declaration);
  }

  cache?.finish();

  const comments: Comment[] = lexed.comments.map((token) => ({
    kind: 'Comment',
    text: token.image,
    block: token.tokenType === BlockComment || token.tokenType === UnterminatedBlockComment,
    span: builder.tokenSpan(token),
  }));
  const value: SourceFile = {
    kind: 'SourceFile',
    path: file,
    text,
    declarations,
    comments,
    span: lines.span(0, text.length),
  };
  return { value, diagnostics: limitErrors(diagnostics) };
}

interface DeclarationContext {
  readonly file: string;
  readonly lines: LineMap;
  readonly builder: AstBuilder;
  /** Lines with an error already, where another would only repeat it. */
  readonly reportedLines: Set<number>;
  readonly cache: DeclarationCache | undefined;
}

function parseDeclaration(
  tokens: DeclarationTokens,
  { file, lines, builder, reportedLines, cache }: DeclarationContext,
): { declaration?: Declaration; diagnostics: Diagnostic[] } {
  const deep = tooDeep(tokens.tokens);
  if (deep) {
    reportedLines.add(deep.token.startLine ?? 0);
    return {
      diagnostics: [
        makeDiagnostic('TooDeeplyNested', file, builder.tokenSpan(deep.token), { depth: deep.depth, limit: MAX_NESTING }, {
          hint: 'name an inner part with `let` (or `param`, for a number) and use the name',
        }),
      ],
    };
  }
  try {
    const key = cache && DeclarationCache.key(tokens.tokens);
    const base = lines.position(tokens.tokens[0]?.startOffset ?? 0);
    const cached = key !== undefined ? cache!.lookup(key, base, lines) : undefined;
    if (cached) return { declaration: cached, diagnostics: [] };
    const p = parser();
    p.input = [...tokens.tokens];
    const cst = p.declaration();
    if (p.errors.length > 0) {
      return { diagnostics: syntaxDiagnostics(p.errors, tokens, file, lines, reportedLines) };
    }
    const declaration = builder.declaration(cst);
    if (key !== undefined) cache!.store(key, base, declaration);
    return { declaration, diagnostics: [] };
  } catch (error) {
    // A bug (or a stack overflow on absurd nesting) costs this declaration, not the whole file.
    const first: IToken | undefined = tokens.tokens[0];
    return { diagnostics: [internalError(file, error, first ? builder.tokenSpan(first) : undefined)] };
  }
}

/** A bug in aeganc, not in the spec (or brackets nested too deeply to parse). */
function internalError(file: string, error: unknown, span?: Diagnostic['span']): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  const tooDeep = error instanceof RangeError;
  return makeDiagnostic('InternalError', file, span, { stage: 'parser', detail }, {
    hint: tooDeep
      ? 'this declaration nests brackets too deeply to parse; split it with `let`'
      : 'this is a bug in aeganc; please report it with the file that caused it',
  });
}
