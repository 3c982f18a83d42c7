import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AeganParser } from '../../src/parser/parser.js';

const grammarFile = (name: string): string => readFileSync(new URL(`../../grammar/${name}`, import.meta.url), 'utf8');

describe('grammar/aegan.ebnf', () => {
  const ebnf = grammarFile('aegan.ebnf').replace(/\(\*[\s\S]*?\*\)/g, '');
  const productions = [...ebnf.matchAll(/^([a-zA-Z]+)\s*=/gm)].map((match) => match[1]);

  it('has one production for each rule of the parser, and sourceFile', () => {
    const rules = Object.keys(new AeganParser().getGAstProductions());
    expect([...productions].sort()).toEqual([...rules, 'sourceFile'].sort());
  });

  it('writes each rule of parser.ts with its production in the comment above it', () => {
    const source = readFileSync(new URL('../../src/parser/parser.ts', import.meta.url), 'utf8');
    for (const name of productions.filter((production) => production !== 'sourceFile')) {
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

  it('is a TextMate grammar for .aegan files', () => {
    expect(grammar.scopeName).toBe('source.aegan');
    expect(grammar.fileTypes).toContain('aegan');
  });

  it('knows every keyword', () => {
    const text = JSON.stringify(grammar);
    for (const keyword of 'model param data from scale latent network let loss train step minimize maximize over with repeat batch epochs steps seed every sample checkpoint ema init'.split(
      ' ',
    )) {
      expect(text, keyword).toContain(keyword);
    }
  });

  it('compiles every pattern as a regular expression', () => {
    const patterns: string[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if ((key === 'match' || key === 'begin' || key === 'end') && typeof child === 'string') patterns.push(child);
          else visit(child);
        }
      }
    };
    visit(grammar);
    expect(patterns.length).toBeGreaterThan(5);
    for (const pattern of patterns) expect(() => new RegExp(pattern), pattern).not.toThrow();
  });
});
