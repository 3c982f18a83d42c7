import { describe, it } from 'vitest';
import { AE, expectRuleClean, expectRuleDiagnostics } from './harness.js';

describe('W0601: unused names', () => {
  it('reports an unused param and let, but not a param used in a shape', () => {
    expectRuleDiagnostics('unusedNames', AE({ extra: 'param unused = 3\nlet spare = enc(x)' }), [
      { code: 'W0601', line: 8, column: 7, message: 'param `unused` is never used' },
      { code: 'W0601', line: 9, column: 5, message: 'let `spare` is never used' },
    ]);
    expectRuleClean('unusedNames', AE({ extra: 'param width = 2' }).replace('-> [2] {', '-> [width] {').replace('dense(2)', 'dense(width)'));
  });

  it('reports a value bound in a body and never read', () => {
    expectRuleDiagnostics('unusedNames', AE({ network: '  spare = v |> dense(3)\n  v |> dense(2)' }), [{ code: 'W0601', line: 3, column: 3, message: 'value `spare` is never used' }]);
  });

  it('reports a loss no step minimizes', () => {
    expectRuleDiagnostics('unusedNames', AE({ extra: 'loss other = mean(enc(x))' }), [{ code: 'W0601', line: 8, column: 6, message: 'loss `other` is never used' }]);
  });
});
