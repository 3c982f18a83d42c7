// Completion in context. The context comes from the text, not the AST: the
// declaration being typed is exactly the one that does not parse yet.

import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver/node';
import type { Analysis } from './analyzeDocument.js';
import {
  DECLARATION_KEYWORDS, DISTRIBUTION_ITEMS, functionItems, INIT_ITEMS, layerItems, OPTIMIZER_ITEMS, SOURCE_ITEMS, TRAIN_KEYWORDS,
  type CatalogueItem,
} from './completionCatalogue.js';
import type { SymbolEntry, SymbolKind } from './symbolIndex.js';

export type Block = 'top' | 'network' | 'train';

/** Where the cursor is: the enclosing block, and the text of its line before it. */
export interface CursorContext {
  readonly block: Block;
  /** Offset of the `network`/`train` keyword that opened the block. */
  readonly blockStart: number;
  readonly linePrefix: string;
}

export function cursorContext(text: string, offset: number): CursorContext {
  let depth = 0;
  let block: Block = 'top';
  let blockStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      if (end === -1 || end >= offset) break;
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1 || end >= offset) break;
      i = end + 1;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end === -1 || end >= offset) break;
      i = end;
    } else if (c === '{') {
      if (depth === 0) {
        const lineStart = text.lastIndexOf('\n', i) + 1;
        const head = /^\s*(network|train)\b/.exec(text.slice(lineStart, i));
        block = head?.[1] === 'train' ? 'train' : 'network';
        blockStart = lineStart + (head ? head[0].length - head[1]!.length : 0);
      }
      depth++;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) block = 'top';
    }
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return { block, blockStart, linePrefix: text.slice(lineStart, offset) };
}

const item = (entry: CatalogueItem, kind: CompletionItemKind, sortPrefix = '1'): CompletionItem => ({
  label: entry.label,
  kind,
  detail: entry.detail,
  insertText: entry.snippet,
  insertTextFormat: entry.snippet === entry.label ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
  sortText: `${sortPrefix}${entry.label}`,
});

const SYMBOL_KINDS: Record<SymbolKind, CompletionItemKind> = {
  model: CompletionItemKind.Module, param: CompletionItemKind.Constant, data: CompletionItemKind.Variable,
  latent: CompletionItemKind.Variable, network: CompletionItemKind.Class, let: CompletionItemKind.Variable,
  loss: CompletionItemKind.Value, step: CompletionItemKind.Event, input: CompletionItemKind.Variable,
  output: CompletionItemKind.Variable, value: CompletionItemKind.Variable,
};

const symbolItem = (symbol: SymbolEntry, sortPrefix = '0'): CompletionItem => ({
  label: symbol.name,
  kind: SYMBOL_KINDS[symbol.kind],
  detail: symbol.kind,
  sortText: `${sortPrefix}${symbol.name}`,
});

/**
 * Declared names with these kinds, each name once: from the index, and from
 * the text for declarations that do not parse yet (the one being typed).
 */
function declared(analysis: Analysis, kinds: readonly SymbolKind[]): CompletionItem[] {
  const seen = new Set<string>();
  const parsed = analysis.index.globals().filter((s) => kinds.includes(s.kind) && !seen.has(s.name) && seen.add(s.name)).map((s) => symbolItem(s));
  const typed = declaredInText(analysis.text).filter((d) => kinds.includes(d.kind) && !seen.has(d.name) && seen.add(d.name));
  return [...parsed, ...typed.map((d) => ({ label: d.name, kind: SYMBOL_KINDS[d.kind], detail: d.kind, sortText: `0${d.name}` }))];
}

const DECLARATION_LINE = /^[ \t]*(param|latent|network|let|loss|data)\b[ \t]*(.*)$/gm;

function declaredInText(text: string): { name: string; kind: SymbolKind }[] {
  const found: { name: string; kind: SymbolKind }[] = [];
  for (const [, keyword, rest] of text.matchAll(DECLARATION_LINE)) {
    const kind = keyword as SymbolKind;
    if (kind === 'data') {
      // `data x: [..], label: class[10] from …`: every `name:` before `from`.
      for (const m of rest!.split(/\bfrom\b/)[0]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:/g)) found.push({ name: m[1]!, kind });
    } else if (kind === 'let' && rest!.startsWith('(')) {
      for (const m of (rest!.slice(1).split(')')[0] ?? '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) found.push({ name: m[0], kind });
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest!);
      if (name) found.push({ name: name[0], kind });
    }
  }
  return found;
}

/**
 * The names a network body has bound before the cursor: its inputs and the
 * targets of earlier statements. Read from the text, since the body being
 * edited rarely parses.
 */
function localNames(text: string, blockStart: number, offset: number): CompletionItem[] {
  const body = text.slice(blockStart, offset);
  const open = body.indexOf('{');
  const header = open === -1 ? body : body.slice(0, open);
  const inputs = header.slice(header.indexOf('(') + 1, header.indexOf(')') === -1 ? undefined : header.indexOf(')'));
  const names = new Set<string>();
  for (const m of inputs.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:/g)) names.add(m[1]!);
  if (open !== -1) for (const m of body.slice(open + 1).matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/gm)) names.add(m[1]!);
  return [...names].map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: 'value in this network', sortText: `0${name}` }));
}

/** After these, a typed space asks for completion; after anything else it is just a space. */
const SPACE_TRIGGERS = /(\|>|\bfrom|\bwith|\bover|,|~|\binit|\bminimize|\bmaximize|\bema|\bsample) $/;

export function completionsAt(analysis: Analysis, offset: number, triggerCharacter?: string): CompletionItem[] {
  const text = analysis.text;
  const context = cursorContext(text, offset);
  const prefix = context.linePrefix;
  if (triggerCharacter === ' ' && !SPACE_TRIGGERS.test(prefix)) return [];
  if (triggerCharacter === '>' && !prefix.endsWith('|>')) return [];
  const layers = () => layerItems().map((l) => item(l, CompletionItemKind.Function));
  const functions = () => functionItems().map((f) => item(f, CompletionItemKind.Function, '2'));
  const values = () => declared(analysis, ['param', 'data', 'latent', 'let', 'loss']);
  const networks = () => declared(analysis, ['network']);

  if (/\|>\s*[A-Za-z_]*$/.test(prefix)) return layers();
  if (/\bfrom\s+[A-Za-z_]*$/.test(prefix)) return SOURCE_ITEMS.map((s) => item(s, CompletionItemKind.Function));
  if (/~\s*[A-Za-z_]*$/.test(prefix)) return DISTRIBUTION_ITEMS.map((d) => item(d, CompletionItemKind.Function));
  if (/\binit\s+[A-Za-z_]*$/.test(prefix)) return INIT_ITEMS.map((i) => item(i, CompletionItemKind.Function));
  if (/\bwith\s+[A-Za-z_]*$/.test(prefix)) return OPTIMIZER_ITEMS.map((o) => item(o, CompletionItemKind.Function));
  if (/\bover\s+([A-Za-z_][A-Za-z0-9_]*\s*,\s*)*[A-Za-z_]*$/.test(prefix)) return networks();
  if (/\bema\s+[A-Za-z_]*$/.test(prefix)) return networks();
  if (/\b(minimize|maximize)\s+[A-Za-z_]*$/.test(prefix)) return [...declared(analysis, ['loss', 'let']), ...functions()];
  if (/\bsample\s+[A-Za-z_]*$/.test(prefix)) return networks();

  const atStatementStart = /^\s*[A-Za-z_]*$/.test(prefix);
  switch (context.block) {
    case 'top':
      if (atStatementStart) return DECLARATION_KEYWORDS.map((k) => item(k, CompletionItemKind.Keyword));
      // A shape or an argument: params first; an expression: everything it may name.
      return [...values(), ...networks(), ...functions()];
    case 'network': {
      const locals = localNames(text, context.blockStart, offset);
      if (atStatementStart || /=\s*[A-Za-z_]*$/.test(prefix)) return [...locals, ...layers()];
      return [...locals, ...declared(analysis, ['param']), ...layers()];
    }
    case 'train':
      if (atStatementStart) return TRAIN_KEYWORDS.map((k) => item(k, CompletionItemKind.Keyword));
      return [...values(), ...networks(), ...functions()];
  }
}
