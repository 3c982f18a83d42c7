import { describe, it } from 'vitest';
import { AE, expectClean, expectRuleDiagnostics } from './harness.js';

describe('E0402: a step must reach every network in `over`', () => {
  it('reports a network the loss never applies', () => {
    const source = AE({ extra: 'network other(v: [4]) -> [4] {\n  dense(4)\n}' }).replace('over enc, dec', 'over enc, dec, other');
    // `other` is unused too (W0601): unusedNames says so, not this rule.
    expectRuleDiagnostics('stepDependencies', source, [
      { code: 'E0402', line: 13, column: 41, message: "step `s` updates `other`, but its loss does not depend on `other`'s weights", hint: /reaches only `dec`, `enc`|reaches only `enc`, `dec`/ },
    ]);
  });

  it('treats detach as cutting the gradient', () => {
    expectRuleDiagnostics('stepDependencies', AE({ loss: 'mse(x, dec(detach(enc(x))))' }), [{ code: 'E0402', line: 11, column: 31, message: /updates `enc`/ }]);
  });

  it('counts a gradient penalty as depending on its critic', () => {
    expectClean(`data x: [4] from csv("x.csv")
latent z: [2] ~ normal(0, 1)
network G(v: [2]) -> [4] {
  dense(4) |> sigmoid
}
network C(v: [4]) -> [1] {
  dense(1)
}
loss c_loss = 10 * gradient_penalty(C, x, detach(G(z)))
loss g_loss = -mean(C(G(z)))
train {
  step c: minimize c_loss over C with adam()
  step g: minimize g_loss over G with adam()
  steps 1
}
`);
  });
});
