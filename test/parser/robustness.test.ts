import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, type ParseResult } from '../../src/parser/parse.js';
import { allSpans, isWellFormed, languageExamples, showDiagnostic } from './harness.js';
import { mutatedText } from './mutations.js';

/** What must hold for any input at all. */
function checkResult(text: string, result: ParseResult): void {
  expect(result.value).toBeDefined();
  // E0100 is an internal error: a bug, whatever the input.
  expect(result.diagnostics.filter((d) => d.code === 'E0100').map(showDiagnostic)).toEqual([]);
  for (const diagnostic of result.diagnostics) {
    expect(diagnostic.span, showDiagnostic(diagnostic)).toBeDefined();
    if (diagnostic.span) expect(isWellFormed(diagnostic.span, text.length), showDiagnostic(diagnostic)).toBe(true);
  }
  for (const span of allSpans(result.value)) expect(isWellFormed(span, text.length)).toBe(true);
}

describe('parse on damaged input', () => {
  const examples = languageExamples().map((example) => example.text);

  it('survives every truncation of every example', () => {
    for (const text of examples) {
      for (let end = 0; end <= text.length; end++)
        checkResult(text.slice(0, end), parse(text.slice(0, end), 'cut.aegan'));
    }
  });

  it('survives random insertions, deletions, replacements and duplications', () => {
    fc.assert(
      fc.property(mutatedText(examples), (text) => {
        checkResult(text, parse(text, 'mutated.aegan'));
      }),
      { numRuns: 2500, seed: 20240601 },
    );
  });

  it('survives arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        checkResult(text, parse(text, 'random.aegan'));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
