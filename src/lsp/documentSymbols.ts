// The outline: every declaration, with a network's inputs and bound values
// and the train block's steps beneath it.

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Declaration, Identifier, Span } from '../parser/ast.js';
import type { Analysis } from './analyzeDocument.js';
import { spanToRange } from './positions.js';

export function documentSymbols(document: TextDocument, analysis: Analysis): DocumentSymbol[] {
  const symbol = (name: string, detail: string, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol => ({
    name, detail, kind, range: spanToRange(document, span), selectionRange: spanToRange(document, selection), ...(children ? { children } : {}),
  });
  const text = (span: Span) => analysis.text.slice(span.start.offset, span.end.offset).replace(/\s+/g, ' ');
  const named = (id: Identifier, detail: string, kind: SymbolKind, decl: Declaration) => symbol(id.name, detail, kind, decl.span, id.span);
  return (analysis.ast?.declarations ?? []).flatMap((decl): DocumentSymbol[] => {
    switch (decl.kind) {
      case 'ModelDecl': return [named(decl.name, 'model', SymbolKind.Module, decl)];
      case 'ParamDecl': return [named(decl.name, `param = ${text(decl.value.span)}`, SymbolKind.Constant, decl)];
      case 'DataDecl': return decl.fields.map((f) => symbol(f.name.name, `data ${text(f.type.span)}`, SymbolKind.Variable, decl.span, f.name.span));
      case 'LatentDecl': return [named(decl.name, `latent ${text(decl.type.span)}`, SymbolKind.Variable, decl)];
      case 'LetDecl': return decl.names.map((n) => symbol(n.name, 'let', SymbolKind.Variable, decl.span, n.span));
      case 'LossDecl': return [named(decl.name, 'loss', SymbolKind.Function, decl)];
      case 'NetworkDecl': {
        const inputs = decl.inputs.map((i) => symbol(i.name.name, `input ${text(i.type.span)}`, SymbolKind.Variable, i.span, i.name.span));
        const values = decl.body.flatMap((s) => (s.target ? [symbol(s.target.name, 'value', SymbolKind.Variable, s.span, s.target.span)] : []));
        return [symbol(decl.name.name, `network -> ${text(decl.output.span)}`, SymbolKind.Class, decl.span, decl.name.span, [...inputs, ...values])];
      }
      case 'TrainDecl': {
        const steps = decl.items.flatMap((i) => (i.kind === 'StepItem' ? [symbol(i.name.name, `${i.direction} ${text(i.objective.span)}`, SymbolKind.Event, i.span, i.name.span)] : []));
        const start = decl.span.start;
        return [symbol('train', 'train block', SymbolKind.Namespace, decl.span, { start, end: { ...start, offset: start.offset + 5, column: start.column + 5 } }, steps)];
      }
    }
  });
}
