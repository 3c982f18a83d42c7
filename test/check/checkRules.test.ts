// CheckOptions.rules: each family of checks can be tested alone.
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { CHECK_RULES, type CheckRule } from '../../src/check/context.js';
import { AE, expectRuleDiagnostics } from './harness.js';

const codes = (source: string, rules?: readonly CheckRule[]) =>
  compileSpec(source, 'spec.aegan', rules ? { rules } : {}).diagnostics.map((d) => d.code);

/** For each family, a spec with a finding that family reports. */
const FINDINGS: Record<CheckRule, { readonly source: string; readonly code: string }> = {
  declarations: { source: AE({ extra: 'model a\nmodel b' }), code: 'E0210' },
  params: { source: AE({ extra: 'param p = p + 1' }), code: 'E0222' },
  sources: { source: AE().replace('csv("x.csv")', 'cvs("x.csv")'), code: 'E0203' },
  networks: { source: AE({ network: '  dense(2) |> conv2d(4)' }), code: 'E0303' },
  expressions: { source: AE({ loss: 'mse(x, dec(enc(y)))' }), code: 'E0201' },
  train: { source: AE({ train: '  step s: minimize recon over enc, dec with adam()' }), code: 'W0604' },
  stepDependencies: { source: AE({ loss: 'mse(x, dec(detach(enc(x))))' }), code: 'E0402' },
  rangeWarnings: { source: AE().replace('dense(4) |> sigmoid', 'dense(4) |> tanh'), code: 'W0603' },
  unusedNames: { source: AE({ extra: 'param unused = 3' }), code: 'W0601' },
  numberLiterals: { source: AE({ train: '  step s: minimize recon over enc, dec with adam(lr: 1e309)\n  steps 10' }), code: 'E0225' },
  bidiControls: { source: AE({ extra: '// \u202e reversed' }), code: 'W0605' },
  resourceLimits: { source: AE({ train: '  step s: minimize recon over enc, dec with adam()\n  steps 10\n  batch 1000000000' }), code: 'E0314' },
};

describe('CheckOptions.rules', () => {
  it.each(CHECK_RULES)('%s reports its findings when named, and only then', (rule) => {
    const { source, code } = FINDINGS[rule];
    expect(codes(source), 'all families').toContain(code);
    expect(codes(source, [rule])).toContain(code);
    expect(codes(source, CHECK_RULES.filter((r) => r !== rule))).not.toContain(code);
  });

  it('shows one family and hides the others, whose errors still withhold the IR', () => {
    const source = AE({ extra: 'network other(v: [4]) -> [4] {\n  dense(4)\n}' }).replace('over enc, dec', 'over enc, dec, other');
    expect(codes(source)).toEqual(['W0601', 'E0402']);
    expect(codes(source, ['stepDependencies'])).toEqual(['E0402']);
    expect(codes(source, ['unusedNames'])).toEqual(['W0601']);
    const hidden = compileSpec(source, 'spec.aegan', { rules: ['unusedNames'] });
    expect(hidden.value).toBeUndefined();
  });

  it('still lowers to IR when what it hides are warnings', () => {
    const result = compileSpec(FINDINGS.unusedNames.source, 'spec.aegan', { rules: ['stepDependencies'] });
    expect(result.diagnostics).toEqual([]);
    expect(result.value).toBeDefined();
  });

  it('always reports syntax errors', () => {
    expect(codes(AE({ loss: 'mse(x,' }), ['unusedNames'])).toContain('E0101');
  });

  it('through the harness: a rule test lists only its own rule', () => {
    expectRuleDiagnostics('unusedNames', AE({ extra: 'param unused = 3', loss: 'mse(x, dec(detach(enc(x))))' }), [
      { code: 'W0601', line: 8, column: 7, message: 'param `unused` is never used' },
    ]);
  });
});
