import { readFileSync } from 'node:fs';
import type { IProduction, TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { AeganParser } from '../../src/parser/parser.js';
import { Class, Identifier, Keywords, NumberLiteral, Separator, StringLiteral, allTokens } from '../../src/parser/tokens.js';

const grammarFile = (name: string): string => readFileSync(new URL(`../../grammar/${name}`, import.meta.url), 'utf8');

// ── grammar/aegan.ebnf, read as data: each production's terminals and the productions it names ──

/** The lexical terminals of the EBNF, and the lexer's tokens that realise them. */
const LEXICAL: ReadonlyMap<TokenType, string> = new Map([
  [Identifier, 'NAME'],
  [NumberLiteral, 'NUMBER'],
  [StringLiteral, 'STRING'],
  [Separator, 'SEP'],
]);

interface Production {
  /** Quoted terminals and lexical terminals (NAME, SEP, ...), not counting `&x` lookaheads. */
  readonly terminals: ReadonlySet<string>;
  /** The productions this one names. */
  readonly references: ReadonlySet<string>;
}

function readEbnf(text: string): Map<string, Production> {
  const body = text.replace(/\(\*[\s\S]*?\*\)/g, '');
  const productions = new Map<string, Production>();
  for (const match of body.matchAll(/^([a-zA-Z]+)\s*=([^;]*);/gm)) {
    const [, name, rhs] = match as unknown as [string, string, string];
    const terminals = new Set<string>();
    const references = new Set<string>();
    // A lookahead consumes nothing, so the parser has no token for it.
    for (const symbol of rhs.replace(/&"[^"]*"/g, '').matchAll(/"([^"]+)"|([A-Za-z]+)/g)) {
      if (symbol[1] !== undefined) terminals.add(symbol[1]);
      else if ([...LEXICAL.values()].includes(symbol[2]!)) terminals.add(symbol[2]!);
      else references.add(symbol[2]!);
    }
    expect(productions.has(name), `production ${name} is written twice`).toBe(false);
    productions.set(name, { terminals, references });
  }
  return productions;
}

/** How the EBNF writes a token: its text, its lexical name, or its members' texts (a category). */
function ebnfSymbols(token: TokenType): string[] {
  const lexical = LEXICAL.get(token);
  if (lexical) return [lexical];
  if (typeof token.PATTERN === 'string') return [token.PATTERN];
  return allTokens.filter((t) => t !== token && t.CATEGORIES?.includes(token)).flatMap(ebnfSymbols);
}

/** The same facts for each rule of the parser, read from Chevrotain's grammar AST. */
function readParserRule(rule: IProduction): Production {
  const terminals = new Set<string>();
  const references = new Set<string>();
  const visit = (node: IProduction & { terminalType?: TokenType; nonTerminalName?: string }): void => {
    if (node.terminalType) ebnfSymbols(node.terminalType).forEach((s) => terminals.add(s));
    // A NonTerminal's `definition` is the rule it names: stop there.
    if (node.nonTerminalName !== undefined) references.add(node.nonTerminalName);
    else for (const child of (node as { definition?: IProduction[] }).definition ?? []) visit(child);
  };
  visit(rule);
  return { terminals, references };
}

const sorted = (values: Iterable<string>) => [...values].sort();
const KEYWORDS = sorted([...Keywords, Class].map((k) => k.PATTERN as string));
const isWord = (text: string) => /^[a-z]+$/.test(text);

describe('grammar/aegan.ebnf', () => {
  const productions = readEbnf(grammarFile('aegan.ebnf'));
  const rules = new AeganParser().getGAstProductions();

  it('has one production for each rule of the parser, and sourceFile', () => {
    expect(sorted(productions.keys())).toEqual(sorted([...Object.keys(rules), 'sourceFile']));
  });

  it('gives each production exactly the terminals and productions its parser rule consumes', () => {
    for (const [name, rule] of Object.entries(rules)) {
      const fromParser = readParserRule(rule);
      const fromEbnf = productions.get(name)!;
      expect({ terminals: sorted(fromEbnf.terminals), references: sorted(fromEbnf.references) }, name).toEqual({
        terminals: sorted(fromParser.terminals),
        references: sorted(fromParser.references),
      });
    }
  });

  it('names only productions it defines', () => {
    for (const [name, production] of productions) {
      for (const reference of production.references) expect(productions.has(reference), `${name} names ${reference}`).toBe(true);
    }
  });

  it('uses as keywords exactly the keywords of the lexer', () => {
    const words = new Set([...productions.values()].flatMap((p) => [...p.terminals].filter(isWord)));
    expect(sorted(words)).toEqual(KEYWORDS);
  });

  it('writes each rule of parser.ts with its production in the comment above it', () => {
    const source = readFileSync(new URL('../../src/parser/parser.ts', import.meta.url), 'utf8');
    for (const name of Object.keys(rules)) {
      expect(source, name).toMatch(new RegExp(`\\* ${name} = [\\s\\S]*?this\\.RULE\\('${name}'`));
    }
  });
});

describe('grammar/aegan.tmLanguage.json', () => {
  const grammar = JSON.parse(grammarFile('aegan.tmLanguage.json')) as {
    scopeName: string;
    fileTypes: string[];
    repository: Record<string, unknown>;
  };

  const patternsOf = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(patternsOf);
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([key, child]) =>
      (key === 'match' || key === 'begin' || key === 'end') && typeof child === 'string' ? [child] : patternsOf(child),
    );
  };

  it('is a TextMate grammar for .aegan files', () => {
    expect(grammar.scopeName).toBe('source.aegan');
    expect(grammar.fileTypes).toContain('aegan');
  });

  it('highlights exactly the keywords of the lexer', () => {
    // The words its keyword patterns spell, once escapes (`\b`, `\s`) and character classes are gone.
    const { declarations, keywords, types } = grammar.repository;
    const words = patternsOf([declarations, keywords, types]).flatMap((pattern) =>
      pattern.replace(/\[[^\]]*\]/g, '').replace(/\\./g, '').match(/[A-Za-z_]+/g) ?? [],
    );
    expect(sorted(new Set(words))).toEqual(KEYWORDS);
  });

  it('compiles every pattern as a regular expression', () => {
    const patterns = patternsOf(grammar);
    expect(patterns.length).toBeGreaterThan(5);
    for (const pattern of patterns) expect(() => new RegExp(pattern), pattern).not.toThrow();
  });
});
