import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('E0302 declared output shape', () => {
  it('reports a body that computes another shape, pointing at the declaration', () => {
    expectDiagnostics(AE({ network: '  dense(3)' }), [{ code: 'E0302', line: 2, column: 24, message: 'network `enc` declares output [2], but its body computes [3]' }]);
  });

  it('suggests a reshape when only the layout differs', () => {
    const source = AE().replace('network dec(h: [2]) -> [4] {\n  dense(4) |> sigmoid', 'network dec(h: [2]) -> [4] {\n  dense(4) |> sigmoid |> reshape([2, 2])');
    expectDiagnostics(source, [{ code: 'E0302', line: 5, column: 24, message: 'network `dec` declares output [4], but its body computes [2, 2]', hint: /reshape\(\[4\]\)/ }]);
  });

  it('checks each named output', () => {
    const source = `data x: [4] from csv("x.csv")
network enc(v: [4]) -> (mu: [2], logvar: [3]) {
  mu = v |> dense(2)
  logvar = v |> dense(2)
}
let (mu, logvar) = enc(x)
loss kl = kl_normal(mu, logvar)
train {
  step s: minimize kl over enc with adam()
  steps 1
}
`;
    // The declared shape stands for the rest of the check, so kl_normal sees [2] and [3].
    expectDiagnostics(source, [
      { code: 'E0302', line: 2, column: 42, message: 'network `enc` declares output `logvar` as [3], but its body computes [2]' },
      { code: 'E0312', line: 7, column: 11, message: /`kl_normal` needs mu and logvar of one/ },
    ]);
  });
});
