// Reuse of parsed declarations across edits of one file (the language server
// re-parses on every keystroke). A declaration is keyed by the tokens the
// parser sees, relative to its first one; a hit is the stored AST moved to
// where the declaration now starts, its positions recomputed from the new
// text's lines. Only declarations that parsed without errors are stored.

import type { IToken } from './chevrotain.js';
import type { Declaration, Position } from './ast.js';
import type { LineMap } from './positions.js';

interface Entry {
  readonly declaration: Declaration;
  /** Where the declaration's first token was when it was parsed. */
  readonly base: Position;
}

export class DeclarationCache {
  private entries = new Map<string, Entry>();
  /** Entries used by the latest parse; the rest are dropped when it finishes. */
  private used = new Map<string, Entry>();

  static key(tokens: readonly IToken[]): string {
    const base = tokens[0]?.startOffset ?? 0;
    return tokens.map((t) => `${t.tokenType.name}@${t.startOffset - base}:${t.image}`).join('\u0000');
  }

  /** The declaration whose first token is now at `base`, if these tokens were parsed before. */
  lookup(key: string, base: Position, lines: LineMap): Declaration | undefined {
    const entry = this.entries.get(key) ?? this.used.get(key);
    if (!entry) return undefined;
    // Positions inside depend only on where the declaration starts and on its own text.
    const same = entry.base.offset === base.offset && entry.base.line === base.line && entry.base.column === base.column;
    const declaration = same ? entry.declaration : moved(entry.declaration, base.offset - entry.base.offset, lines);
    this.used.set(key, { declaration, base });
    return declaration;
  }

  store(key: string, base: Position, declaration: Declaration): void {
    this.used.set(key, { declaration, base });
  }

  /** Ends one parse: what it did not use is forgotten, so the cache stays the size of the file. */
  finish(): void {
    this.entries = this.used;
    this.used = new Map();
  }
}

function isPosition(value: object): value is Position {
  return 'offset' in value && 'line' in value && 'column' in value;
}

/** A copy of `node` with every position moved by `delta` offsets and re-read from `lines`. */
function moved<T>(node: T, delta: number, lines: LineMap): T {
  if (Array.isArray(node)) return node.map((item) => moved(item, delta, lines)) as T;
  if (node === null || typeof node !== 'object') return node;
  if (isPosition(node)) return lines.position(node.offset + delta) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = moved(value, delta, lines);
  return copy as T;
}
