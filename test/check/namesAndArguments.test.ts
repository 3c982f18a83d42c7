import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('names and arguments', () => {
  it('E0201: unknown name with a suggestion', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(y)))' }), [{ code: 'E0201', line: 9, column: 29, message: 'unknown name `y`', hint: 'did you mean `x`?' }]);
  });

  it('E0203: unknown function with did-you-mean', () => {
    expectDiagnostics(AE({ loss: 'mes(x, dec(enc(x)))' }), [{ code: 'E0203', line: 9, column: 14, message: 'unknown function or network `mes`', hint: 'did you mean `mse`?' }]);
  });

  it('E0201: unknown layer in a body with did-you-mean', () => {
    expectDiagnostics(AE({ network: '  dense(2) |> rleu' }), [{ code: 'E0201', line: 3, column: 15, message: 'unknown name `rleu`', hint: /`relu`/ }]);
  });

  it('E0204: unknown keyword argument with did-you-mean', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam(learning_rate: 1e-3, beta: 0.5)\n  steps 10' }), [
      { code: 'E0204', line: 11, column: 50, message: '`adam` has no argument `learning_rate`' },
      { code: 'E0204', line: 11, column: 71, message: '`adam` has no argument `beta`', hint: /`beta1` or `beta2`/ },
    ]);
  });

  it('E0205: too many arguments', () => {
    expectDiagnostics(AE({ network: '  dense(2, 3)' }), [{ code: 'E0205', line: 3, column: 12, message: '`dense` takes 1 argument, but 2 given' }]);
  });

  it('E0212: a missing argument', () => {
    expectDiagnostics(AE({ network: '  dense' }), [{ code: 'E0212', line: 3, column: 3, message: '`dense` needs the argument `units`' }]);
  });

  it('E0202: a name declared twice', () => {
    expectDiagnostics(AE({ extra: 'let x = 1' }), [{ code: 'E0202', line: 8, column: 5, message: '`x` is already declared', hint: /declared at line 1/ }]);
  });

  it('E0207 and E0208: a body binding a name twice or shadowing an input', () => {
    expectDiagnostics(AE({ network: '  a = v |> dense(2)\n  a = a |> dense(2)' }), [{ code: 'E0207', line: 4, column: 3, message: '`a` is bound twice in network `enc`' }]);
    expectDiagnostics(AE({ network: '  v = v |> dense(2)' }), [{ code: 'E0208', line: 3, column: 3, message: '`v` shadows the input `v`' }]);
  });

  it('E0220: a network applied inside another body', () => {
    expectDiagnostics(AE({ network: '  dec |> dense(2)' }), [{ code: 'E0220', line: 3, column: 3, message: 'network `dec` cannot be applied inside the body of `enc`' }]);
  });

  it('E0213: a bad option value', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x)), reduce: total)' }), [{ code: 'E0213', line: 9, column: 42, message: '`reduce` must be `mean` or `sum`, not `total`' }]);
  });
});
