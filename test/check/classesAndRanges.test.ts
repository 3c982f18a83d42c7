import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

const labelled = (loss: string, network = 'network f(v: [10]) -> [1] {\n  dense(1)\n}') => `data x: [28, 28, 1], y: class[10] from mnist(split: "train")
${network}
loss l = ${loss}
train {
  step s: minimize l over f with adam()
  steps 1
}
`;

describe('class labels', () => {
  it('E0403: a label fed straight to a network', () => {
    expectDiagnostics(labelled('mean(f(y)) + 0 * mean(x)'), [{ code: 'E0403', line: 5, column: 17, hint: /one_hot\(y\)/ }]);
  });

  it('one_hot turns a label into a vector', () => {
    expectDiagnostics(labelled('mean(f(one_hot(y))) + 0 * mean(x)'), []);
  });

  it('E0403: arithmetic on a label', () => {
    expectDiagnostics(labelled('mean(f(one_hot(y))) + mean(y * 2) + 0 * mean(x)'), [{ code: 'E0403', line: 5, column: 37 }]);
  });
});

describe('range warnings', () => {
  it('W0602: bce on a linear output', () => {
    expectDiagnostics(AE().replace('dense(4) |> sigmoid', 'dense(4)').replace('mse(', 'bce('), [{ code: 'W0602', line: 9, column: 21, hint: /bce_logits/ }]);
  });

  it('W0603: a tanh output against 0..1 data', () => {
    expectDiagnostics(AE().replace('dense(4) |> sigmoid', 'dense(4) |> tanh'), [{ code: 'W0603', line: 9, column: 21, message: /0\.\.1 .*-1\.\.1/ }]);
  });

  it('W0601: an unused param and let', () => {
    expectDiagnostics(AE({ extra: 'param unused = 3\nlet spare = enc(x)' }), [
      { code: 'W0601', line: 8, column: 7, message: 'param `unused` is never used' },
      { code: 'W0601', line: 9, column: 5, message: 'let `spare` is never used' },
    ]);
  });
});
