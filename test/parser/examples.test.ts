import { describe, expect, it } from 'vitest';
import { allSpans, isWellFormed, languageExamples, parseClean } from './harness.js';

describe('LANGUAGE.md examples', () => {
  const examples = languageExamples();

  it('finds the three examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('$name parses with no diagnostics', ({ text }) => {
    const file = parseClean(text);
    expect(file.declarations.length).toBeGreaterThan(0);
    for (const span of allSpans(file)) expect(isWellFormed(span, text.length)).toBe(true);
  });

  it('reads the DCGAN example declaration by declaration', () => {
    const dcgan = examples.find((example) => example.name.includes('dcgan'));
    const kinds = parseClean(dcgan?.text ?? '').declarations.map((declaration) => declaration.kind);
    expect(kinds).toEqual([
      'ModelDecl',
      'DataDecl',
      'LatentDecl',
      'NetworkDecl',
      'NetworkDecl',
      'LetDecl',
      'LossDecl',
      'LossDecl',
      'TrainDecl',
    ]);
  });
});
