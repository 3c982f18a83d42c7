// The checker's spans carry 0-based UTF-16 offsets into the text, which is
// what an editor's positions are made of too; going through the offset (and
// not the 1-based line and column) keeps both sides agreeing on what ends a
// line, whatever mix of `\n`, `\r\n` and `\r` the file has.

import type { Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../parser/ast.js';

export function spanToRange(document: TextDocument, span: Span | undefined): Range {
  if (!span) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: document.positionAt(span.start.offset), end: document.positionAt(span.end.offset) };
}

export function containsOffset(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}

/** The identifier that `offset` is in or just after, with its range of offsets. */
export function wordAt(text: string, offset: number): { readonly word: string; readonly start: number; readonly end: number } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
  const word = text.slice(start, end);
  return /^[A-Za-z_]/.test(word) ? { word, start, end } : undefined;
}
