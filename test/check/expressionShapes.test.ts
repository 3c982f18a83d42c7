import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('shapes of expressions and losses', () => {
  it('E0401: a loss that is not a scalar', () => {
    expectDiagnostics(AE({ loss: 'square(x - dec(enc(x)))' }), [{ code: 'E0401', line: 9, column: 14, message: 'loss `recon` must be a scalar, but it is [4]', hint: /mean/ }]);
  });

  it('E0306: arithmetic between shapes that do not broadcast', () => {
    expectDiagnostics(AE({ loss: 'mean(dec(enc(x)) + enc(x))' }), [{ code: 'E0306', line: 9, column: 19, message: 'cannot apply `+` to [4] and [2]' }]);
  });

  it('E0307: a loss between different shapes', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) + mse(x, enc(x))' }), [{ code: 'E0307', line: 9, column: 36, message: '`mse` compares [4] with [2]: the shapes differ' }]);
  });

  it('E0312: kl_normal of mismatched mean and log-variance', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) + kl_normal(enc(x), x)' }), [{ code: 'E0312', line: 9, column: 36, message: /`kl_normal` needs mu and logvar of one \(non-scalar\) shape, but got \[2\] and \[4\]/ }]);
  });

  it('a scalar broadcasts against anything', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) + 0.5 * mean(square(enc(x) - 1))' }), []);
  });
});
