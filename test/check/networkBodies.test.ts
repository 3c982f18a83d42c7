import { describe, it } from 'vitest';
import { AE, expectDiagnostics, expectRuleDiagnostics } from './harness.js';

describe('network bodies and outputs', () => {
  it('E0214: a named output never bound', () => {
    const source = `data x: [4] from csv("x.csv")
network enc(v: [4]) -> (mu: [2], logvar: [2]) {
  mu = v |> dense(2)
}
let (mu, logvar) = enc(x)
loss kl = kl_normal(mu, logvar)
train {
  step s: minimize kl over enc with adam()
  steps 1
}
`;
    expectDiagnostics(source, [{ code: 'E0214', line: 2, column: 34, message: 'output `logvar` of network `enc` is never bound in its body', hint: /logvar = h \|> dense/ }]);
  });

  it('E0216 and E0316: destructuring a network with one output, and a multi-output network used as one value', () => {
    expectDiagnostics(AE({ extra: 'let (a, b) = enc(x)', loss: 'mse(x, dec(a)) + mean(b)' }), [
      { code: 'E0216', line: 8, column: 1, message: '`enc` has 1 output(s) (out), but 2 names are bound to them' },
    ]);
    const multi = `data x: [4] from csv("x.csv")
network enc(v: [4]) -> (mu: [2], logvar: [2]) {
  mu = v |> dense(2)
  logvar = v |> dense(2)
}
loss kl = mean(enc(x))
train {
  step s: minimize kl over enc with adam()
  steps 1
}
`;
    expectDiagnostics(multi, [{ code: 'E0316', line: 6, column: 16, message: '`enc` has 2 outputs (mu, logvar), so applying it is not one value', hint: 'bind them with `let (mu, logvar) = enc(…)`' }]);
  });

  it('E0219: a network used as a value', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) + mean(enc)' }), [{ code: 'E0219', line: 9, column: 41, message: '`enc` is a network, not a value', hint: 'apply it: `enc(…)`' }]);
  });

  it('E0224: a layer with no input in a network of two inputs', () => {
    const source = `data x: [4] from csv("x.csv")
network f(a: [4], b: [4]) -> [4] {
  dense(4)
}
loss l = mse(x, f(x, x))
train {
  step s: minimize l over f with adam()
  steps 1
}
`;
    expectRuleDiagnostics('networks', source, [
      { code: 'E0224', line: 3, column: 3, message: '`dense` has no input: network `f` takes 2 inputs, so a pipeline starts with one of them', hint: /start the pipeline with one of `a`, `b`/ },
    ]);
  });

  it('E0231: a value after `|>`', () => {
    expectDiagnostics(AE({ network: '  h = v |> dense(2)\n  v |> h' }), [{ code: 'E0231', line: 4, column: 8, message: '`h` is a value, but after `|>` comes a layer', hint: /concat\(a, h\)/ }]);
  });

  it('E0230: destructuring what is not a network call', () => {
    expectDiagnostics(AE({ extra: 'let (a, b) = mean(x)', loss: 'mse(x, dec(enc(x))) + a + b' }), [
      { code: 'E0230', line: 8, column: 14, message: 'only the outputs of a network can be destructured, so (a, b) cannot be bound to a call of `mean`' },
    ]);
  });

  it('E0308: a dimension that is not a positive integer', () => {
    expectDiagnostics(AE().replace('network dec(h: [2]) -> [4]', 'network dec(h: [2]) -> [4.5]'), [{ code: 'E0308', line: 5, column: 25, message: 'a dimension must be a positive integer, not 4.5' }]);
  });

  it('E0313: an empty shape', () => {
    expectDiagnostics(AE().replace('data x: [4]', 'data x: []'), [{ code: 'E0313', line: 1, column: 9, message: 'a shape needs at least one dimension' }]);
  });
});
