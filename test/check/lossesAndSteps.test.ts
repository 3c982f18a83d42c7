import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('losses and steps', () => {
  it('E0401: a loss that is not a scalar', () => {
    expectDiagnostics(AE({ loss: 'square(x - dec(enc(x)))' }), [{ code: 'E0401', line: 9, column: 14, message: 'loss `recon` must be a scalar, but it is [4]' }]);
  });

  it('E0402: a step over a network its loss never reaches', () => {
    const source = AE({ extra: 'network other(v: [4]) -> [4] {\n  dense(4)\n}' }).replace('over enc, dec', 'over enc, dec, other');
    expectDiagnostics(source, [
      { code: 'W0601', line: 8, column: 9, message: 'network `other` is never used' },
      { code: 'E0402', line: 13, column: 41, message: "step `s` updates `other`, but its loss does not depend on `other`'s weights" },
    ].sort((a, b) => a.line - b.line));
  });

  it('E0402: detach cuts the dependency', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(detach(enc(x))))' }), [{ code: 'E0402', line: 11, column: 31, message: /updates `enc`/ }]);
  });

  it('E0306: arithmetic between different shapes', () => {
    expectDiagnostics(AE({ loss: 'mean(dec(enc(x)) + enc(x))' }), [{ code: 'E0306', line: 9, column: 19, message: 'cannot apply `+` to [4] and [2]' }]);
  });

  it('E0307: a loss between different shapes', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) + mse(x, enc(x))' }), [{ code: 'E0307', line: 9, column: 36, message: '`mse` compares [4] with [2]: the shapes differ' }]);
  });

  it('E0405: both epochs and steps', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam()\n  epochs 2\n  steps 10' }), [{ code: 'E0405', line: 13, column: 3 }]);
  });

  it('E0407: a batch that is not a positive integer', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam()\n  batch 0.5\n  steps 10' }), [{ code: 'E0407', line: 12, column: 9, message: '`batch` must be a positive integer, not 0.5' }]);
  });
});
