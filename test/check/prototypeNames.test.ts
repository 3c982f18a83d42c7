import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { parseOverrides } from '../../src/cli/paramOverrides.js';
import { AE, expectDiagnostics } from './harness.js';

// Names from the user are keys of Maps (or prototype-less objects): `__proto__`,
// `constructor` and `toString` are names like any other, never Object's own.
describe('names that are also Object.prototype members', () => {
  it('E0203: calling `constructor`, `toString` or `__proto__` is an unknown function, not a crash', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) + constructor(x) + toString(x) + __proto__(x)' }), [
      { code: 'E0203', line: 9, column: 36, message: 'unknown function or network `constructor`' },
      { code: 'E0203', line: 9, column: 53, message: 'unknown function or network `toString`' },
      { code: 'E0203', line: 9, column: 67, message: 'unknown function or network `__proto__`' },
    ]);
  });

  it('--set __proto__=… overrides a param of that name, and is an unknown param otherwise', () => {
    const spec = AE({ extra: 'param __proto__ = 2\nlatent z: [__proto__] ~ normal(0, 1)\nloss other = mean(z)', train: '  step s: minimize recon + other over enc, dec with adam()\n  steps 1' });
    const { overrides, diagnostics } = parseOverrides(['__proto__=16'], 'spec.aegan');
    expect(diagnostics).toEqual([]);
    const result = compileSpec(spec, 'spec.aegan', { overrides });
    expect(result.diagnostics).toEqual([]);
    expect(result.value!.latents[0]!.type).toEqual({ kind: 'tensor', shape: [16] });
    expect(result.value!.params).toEqual([{ name: '__proto__', value: 16 }]);
    const unknown = compileSpec(AE(), 'spec.aegan', { overrides });
    expect(unknown.diagnostics.map((d) => [d.code, d.message, d.field])).toEqual([['E0501', '--set names `__proto__`, which is not a param', '--set __proto__']]);
  });
});
