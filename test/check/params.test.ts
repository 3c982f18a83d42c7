import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('params', () => {
  it('E0222: params that depend on each other, reported once, without cascades', () => {
    const source = AE({ extra: 'param a = b + 1\nparam b = a * 2' }).replace('-> [2] {', '-> [a] {').replace('  dense(2)\n', '  dense(a)\n');
    expectDiagnostics(source, [{ code: 'E0222', line: 8, column: 7, message: 'param `a` depends on itself' }]);
  });

  it('E0225: a param too large to be a number is reported at its literal', () => {
    expectDiagnostics(AE({ extra: 'param huge = 1e999' }), [{ code: 'E0225', line: 8, column: 14, message: 'the number `1e999` is too large: as a 64-bit float it is Infinity' }]);
  });

  it('E0311: a step minimizing something that is not a scalar', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon + x over enc, dec with adam()\n  steps 1' }), [
      { code: 'E0311', line: 11, column: 20, message: 'the objective of a step must be a scalar, but it is [4]' },
    ]);
  });

  it('E0213: a param computed from something other than numbers', () => {
    expectDiagnostics(AE({ extra: 'param a = "four"' }), [
      { code: 'E0213', line: 8, column: 11, message: '`param `a`` must be a number, not the string "four"' },
    ]);
  });

  it('E0210: a second model name', () => {
    expectDiagnostics(`model one\nmodel two\n${AE()}`, [{ code: 'E0210', line: 2, column: 1, message: 'the model is already named `one`' }]);
  });

  it('E0206: an argument given twice', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam(lr: 1e-3, lr: 1e-4)\n  steps 1' }), [{ code: 'E0206', line: 11, column: 60, message: 'argument `lr` is given twice' }]);
  });

  it('E0406: a negative seed', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam()\n  seed -1\n  steps 1' }), [{ code: 'E0406', line: 12, column: 8, message: '`seed` must be a whole number from 0 to 4294967295, not -1' }]);
  });

  it('E0223: an empty network body', () => {
    expectDiagnostics(AE().replace('{\n  dense(4) |> sigmoid\n}', '{\n}'), [{ code: 'E0223', line: 5, column: 9, message: 'network `dec` has an empty body' }]);
  });
});
