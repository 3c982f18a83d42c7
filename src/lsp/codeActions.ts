// Quick fixes: a diagnostic whose hint says "did you mean `relu`?" offers to
// rename the misspelt name to each suggestion.

import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { wordAt } from './positions.js';
import type { DiagnosticData } from './toLspDiagnostic.js';

export function quickFixes(document: TextDocument, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const text = document.getText();
  return diagnostics.flatMap((diagnostic) => {
    const suggestions = (diagnostic.data as DiagnosticData | undefined)?.suggestions ?? [];
    if (suggestions.length === 0) return [];
    // The span is the misspelt name itself, or begins with it (`kernl: 4`).
    const word = wordAt(text, document.offsetAt(diagnostic.range.start));
    if (!word) return [];
    const range = { start: document.positionAt(word.start), end: document.positionAt(word.end) };
    return suggestions.map((name, i): CodeAction => ({
      title: `Change \`${word.word}\` to \`${name}\``,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: i === 0,
      edit: { changes: { [document.uri]: [{ range, newText: name }] } },
    }));
  });
}
