import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('bidi controls in the source (Trojan Source)', () => {
  it('W0605: a right-to-left override in a string, at its column', () => {
    const source = AE().replace('csv("x.csv")', 'csv("x\u202e.csv")');
    expectDiagnostics(source, [
      { code: 'W0605', line: 1, column: 24, message: 'the source holds the invisible text-direction control U+202E (RIGHT-TO-LEFT OVERRIDE), which can make this line display differently from how aeganc reads it', hint: 'remove it; a string that must hold it can write the escape `\\u202e` instead' },
    ]);
  });

  it('W0605: an isolate and its pop in a comment, each reported', () => {
    const source = AE().replace('loss recon =', '// \u2067note\u2069\nloss recon =');
    expectDiagnostics(source, [
      { code: 'W0605', line: 9, column: 4, message: /U\+2067 \(RIGHT-TO-LEFT ISOLATE\)/ },
      { code: 'W0605', line: 9, column: 9, message: /U\+2069 \(POP DIRECTIONAL ISOLATE\)/ },
    ]);
  });

  it('the escape written out is not a control in the source, and passes', () => {
    expectDiagnostics(AE().replace('csv("x.csv")', 'csv("x\\u202e.csv")'), []);
  });
});
