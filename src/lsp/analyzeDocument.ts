// One analysis of one version of a document: the parse, the checker's
// diagnostics and facts, and the name index. Every feature reads this.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { SourceFile } from '../parser/ast.js';
import { parse, type DeclarationCache } from '../parser/parse.js';
import { checkModuleWithFacts, type CheckFacts } from '../check/checkModule.js';
import { buildSymbolIndex, SymbolIndex } from './symbolIndex.js';

export interface Analysis {
  readonly text: string;
  readonly ast?: SourceFile;
  /** What `aeganc check` reports for this text. */
  readonly diagnostics: readonly Diagnostic[];
  /** The checker's shapes; present even when the file has errors, when the checker got to run. */
  readonly facts?: CheckFacts;
  readonly index: SymbolIndex;
}

/**
 * Mirrors `compileSpec` for the diagnostics (a file with syntax errors is not
 * checked, so the editor shows what `aeganc check` shows), but still checks
 * the declarations that parsed for the facts, so hover keeps working while
 * one line is half typed. `cache` (one per open document) spares re-parsing
 * the declarations an edit did not touch.
 */
export function analyzeText(text: string, file: string, cache?: DeclarationCache): Analysis {
  const parsed = parse(text, file, cache ? { cache } : {});
  const ast = parsed.value;
  if (!ast) return { text, diagnostics: parsed.diagnostics, index: new SymbolIndex() };
  const index = safely(() => buildSymbolIndex(ast)) ?? new SymbolIndex();
  let checked: ReturnType<typeof checkModuleWithFacts>;
  try {
    checked = checkModuleWithFacts(ast);
  } catch (error) {
    const diagnostics = hasErrors(parsed.diagnostics) ? parsed.diagnostics : [...parsed.diagnostics, internalError(file, error)];
    return { text, ast, diagnostics, index };
  }
  const diagnostics = hasErrors(parsed.diagnostics) ? parsed.diagnostics : [...parsed.diagnostics, ...checked.diagnostics];
  return { text, ast, diagnostics, facts: checked.facts, index };
}

function safely<T>(build: () => T): T | undefined {
  try {
    return build();
  } catch {
    return undefined;
  }
}

function internalError(file: string, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return makeDiagnostic('InternalError', file, undefined, { stage: 'checker', detail }, {
    hint: 'this is a bug in aeganc; please report it with the file that caused it',
  });
}
