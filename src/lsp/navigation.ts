// Go to definition, find references and rename: all three read the name index.

import { ResponseError, ErrorCodes, type Location, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from './analyzeDocument.js';
import { spanToRange } from './positions.js';

export function definitionAt(document: TextDocument, analysis: Analysis, offset: number): Location | null {
  const found = analysis.index.at(offset);
  return found ? { uri: document.uri, range: spanToRange(document, found.symbol.declaration) } : null;
}

export function referencesAt(document: TextDocument, analysis: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const found = analysis.index.at(offset);
  if (!found) return [];
  const spans = [...(includeDeclaration ? [found.symbol.declaration] : []), ...found.symbol.references];
  return spans.sort((a, b) => a.start.offset - b.start.offset).map((span) => ({ uri: document.uri, range: spanToRange(document, span) }));
}

export function prepareRenameAt(document: TextDocument, analysis: Analysis, offset: number): { range: Range; placeholder: string } | null {
  const found = analysis.index.at(offset);
  return found ? { range: spanToRange(document, found.span), placeholder: found.symbol.name } : null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renameAt(document: TextDocument, analysis: Analysis, offset: number, newName: string): WorkspaceEdit | null {
  const found = analysis.index.at(offset);
  if (!found) return null;
  // Keywords are names too (tokens.ts), so only the identifier pattern limits a new name.
  if (!IDENTIFIER.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a valid name: start with a letter or _, then letters, digits and _`);
  }
  const spans = [found.symbol.declaration, ...found.symbol.references];
  return { changes: { [document.uri]: spans.map((span) => ({ range: spanToRange(document, span), newText: newName })) } };
}
