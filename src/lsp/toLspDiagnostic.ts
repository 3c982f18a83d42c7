// aeganc's diagnostics as the editor wants them: same code, message and
// range; the hint and the label as related information on the same range;
// the did-you-mean names kept in `data` for the quick fix.

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { spanToRange } from './positions.js';

/** What a diagnostic carries for the code actions. */
export interface DiagnosticData {
  readonly suggestions: readonly string[];
}

export function toLspDiagnostic(document: TextDocument, diagnostic: Diagnostic): LspDiagnostic {
  const range = spanToRange(document, diagnostic.span);
  const location = { uri: document.uri, range };
  const related: DiagnosticRelatedInformation[] = [];
  if (diagnostic.label) related.push({ location, message: diagnostic.label });
  if (diagnostic.hint) related.push({ location, message: `hint: ${diagnostic.hint}` });
  const data: DiagnosticData = { suggestions: didYouMeanNames(diagnostic.hint) };
  return {
    range,
    severity: diagnostic.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: 'aeganc',
    message: diagnostic.field ? `${diagnostic.message} (${diagnostic.field})` : diagnostic.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}

/** The names of `did you mean `a`, `b` or `c`?` (see check/suggest.ts's `didYouMean`). */
export function didYouMeanNames(hint: string | undefined): string[] {
  const match = hint && /did you mean (.*)\?/.exec(hint);
  if (!match) return [];
  return [...match[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}
