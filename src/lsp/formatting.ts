// Formatting is `aeganc fmt`: one edit replacing the whole text, or none when
// the text is already formatted or does not parse (fmt refuses those too).

import type { TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { format } from '../format/format.js';
import { parse } from '../parser/parse.js';

export function formattingEdits(document: TextDocument): TextEdit[] {
  const text = document.getText();
  const parsed = parse(text, document.uri);
  if (!parsed.value || hasErrors(parsed.diagnostics)) return [];
  const formatted = format(parsed.value);
  if (formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: formatted }];
}
