import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format } from '../../src/format/format.js';
import type { SourceFile } from '../../src/parser/ast.js';
import { parse } from '../../src/parser/parse.js';
import { languageExamples, parseClean } from '../parser/harness.js';
import { mutatedText } from '../parser/mutations.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const fmt = (text: string): string => format(parseClean(text));

/** The declarations without positions: what the file means. */
function meaning(file: SourceFile): string {
  return JSON.stringify(file.declarations, (key, value: unknown) =>
    key === 'span' || key === 'keyword' ? undefined : value,
  );
}

/** The comments' texts, in order, as fmt prints them. */
function commentTexts(file: SourceFile): string[] {
  return file.comments.map((comment) => (comment.block ? comment.text : comment.text.trimEnd()));
}

describe('fmt on LANGUAGE.md', () => {
  it.each(languageExamples())('leaves $name exactly as written', ({ text }) => {
    expect(fmt(text)).toBe(text);
  });
});

describe('fmt layout', () => {
  const messy = fixture('messy.aegan');

  it('rewrites a messy file into the canonical layout', () => {
    expect(fmt(messy)).toBe(fixture('messy.formatted.aegan'));
  });

  it('is idempotent, keeps the meaning and keeps every comment in order', () => {
    const once = fmt(messy);
    expect(fmt(once)).toBe(once);
    expect(meaning(parseClean(once))).toBe(meaning(parseClean(messy)));
    expect(commentTexts(parseClean(once))).toEqual(commentTexts(parseClean(messy)));
  });

  it('spaces operators, commas and colons, and prints numbers as written', () => {
    expect(fmt('param a=2e-4*(1+x)/ 3^-1\nloss l=bce(x,d(z),reduce:sum)')).toBe(
      'param a = 2e-4 * (1 + x) / 3 ^ -1\n\nloss l = bce(x, d(z), reduce: sum)\n',
    );
  });

  it('prints the fewest parentheses that keep the tree', () => {
    const cases: [string, string][] = [
      ['(a * b) + c', 'a * b + c'],
      ['a - (b - c)', 'a - (b - c)'],
      ['(a - b) - c', 'a - b - c'],
      ['a / (b * c)', 'a / (b * c)'],
      ['(a ^ b) ^ c', '(a ^ b) ^ c'],
      ['a ^ (b ^ c)', 'a ^ b ^ c'],
      ['(-a) ^ 2', '(-a) ^ 2'],
      ['-(a ^ 2)', '-a ^ 2'],
      ['-(a + b)', '-(a + b)'],
      ['-(-a)', '-(-a)'],
      ['(-a) * b', '-a * b'],
      ['a + (-b)', 'a + -b'],
      ['2 ^ (-1)', '2 ^ -1'],
      ['f((a + b)) * [(1), (2 * 3)]', 'f(a + b) * [1, 2 * 3]'],
    ];
    for (const [input, expected] of cases) expect(fmt(`param p = ${input}`)).toBe(`param p = ${expected}\n`);
  });

  it('joins continued lines and puts each statement and train item on its own line', () => {
    const text = 'network N(x: [1]) -> [1] { h = x\n  |> dense(4); h |> relu }\ntrain { batch 1; epochs 2 }';
    expect(fmt(text)).toBe(
      'network N(x: [1]) -> [1] {\n  h = x |> dense(4)\n  h |> relu\n}\n\ntrain {\n  batch 1\n  epochs 2\n}\n',
    );
  });

  it('prints an empty body as `{}`', () => {
    expect(fmt('network N(x: [1]) -> [1] {\n\n}')).toBe('network N(x: [1]) -> [1] {}\n');
    expect(fmt('train {}')).toBe('train {}\n');
  });

  it('separates groups of declarations, and networks and train, by one blank line', () => {
    const text =
      'model m\nparam a = 1\ndata x: [1] from npy("x.npy")\nlet y = x\nloss l = y\nnetwork N(x: [1]) -> [1] { relu }\nnetwork M(x: [1]) -> [1] { relu }\ntrain { batch 1 }';
    expect(fmt(text)).toBe(
      'model m\nparam a = 1\ndata x: [1] from npy("x.npy")\n\nlet y = x\nloss l = y\n\nnetwork N(x: [1]) -> [1] {\n  relu\n}\n\nnetwork M(x: [1]) -> [1] {\n  relu\n}\n\ntrain {\n  batch 1\n}\n',
    );
  });

  it('keeps at most one blank line where the author left some within a group', () => {
    expect(fmt('param a = 1\n\n\n\nparam b = 2\nparam c = 3\n')).toBe('param a = 1\n\nparam b = 2\nparam c = 3\n');
  });

  it('keeps a trailing comment in its column while the code before it is unchanged', () => {
    expect(fmt('param a = 1      // one\nparam b=2      // two\n')).toBe(
      'param a = 1      // one\nparam b = 2 // two\n',
    );
  });

  it('moves comments from inside a line to just above it', () => {
    expect(fmt('loss l = mse(x, // target\n  y /* prediction */)\n')).toBe(
      '// target\n/* prediction */\nloss l = mse(x, y)\n',
    );
  });

  it('prints a file of comments only, and an empty file', () => {
    expect(fmt('// just a note\n\n\n/* and another */\n')).toBe('// just a note\n\n/* and another */\n');
    expect(fmt('')).toBe('');
    expect(fmt('\n\n  \n')).toBe('');
  });

  it('drops trailing whitespace from line comments and CRs from line ends', () => {
    expect(fmt('param a = 1 // note   \r\nparam b = 2\r\n')).toBe('param a = 1 // note\nparam b = 2\n');
  });
});

describe('fmt on damaged examples that still parse', () => {
  const texts = [...languageExamples().map((example) => example.text), fixture('messy.aegan')];

  it('is idempotent and keeps the meaning and the comments', () => {
    fc.assert(
      fc.property(mutatedText(texts), (text) => {
        const parsed = parse(text, 'mutated.aegan');
        const source = parsed.value;
        fc.pre(parsed.diagnostics.length === 0 && source !== undefined);
        if (source === undefined) return;
        const once = format(source);
        const reparsed = parse(once, 'formatted.aegan');
        expect(reparsed.diagnostics).toEqual([]);
        const again = reparsed.value;
        if (again === undefined) throw new Error('fmt output did not parse');
        expect(format(again)).toBe(once);
        expect(meaning(again)).toBe(meaning(source));
        expect(commentTexts(again)).toEqual(commentTexts(source));
      }),
      { numRuns: 1500, seed: 424242 },
    );
  });
});
