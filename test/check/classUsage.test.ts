import { describe, it } from 'vitest';
import { expectDiagnostics } from './harness.js';

const labelled = (loss: string, network = 'network f(v: [10]) -> [1] {\n  dense(1)\n}') => `data x: [28, 28, 1], y: class[10] from mnist(split: "train")
${network}
loss l = ${loss}
train {
  step s: minimize l over f with adam()
  steps 1
}
`;

describe('E0403: class labels are used through one_hot or cross_entropy', () => {
  it('reports a label fed straight to a network', () => {
    expectDiagnostics(labelled('mean(f(y)) + 0 * mean(x)'), [{ code: 'E0403', line: 5, column: 17, message: '`y` is a class label (class[10]); a network input never takes a label directly', hint: /one_hot\(y\)/ }]);
  });

  it('accepts one_hot and cross_entropy', () => {
    expectDiagnostics(labelled('mean(f(one_hot(y))) + 0 * mean(x)'), []);
    expectDiagnostics(labelled('cross_entropy(y, g(x)) + mean(f(one_hot(y)))', 'network f(v: [10]) -> [1] {\n  dense(1)\n}\nnetwork g(i: [28, 28, 1]) -> [10] {\n  flatten |> dense(10)\n}').replace('over f', 'over f, g'), []);
  });

  it('reports arithmetic on a label', () => {
    expectDiagnostics(labelled('mean(f(one_hot(y))) + mean(y * 2) + 0 * mean(x)'), [{ code: 'E0403', line: 5, column: 37, message: /arithmetic needs numbers/ }]);
  });

  it('reports a network input declared as a label', () => {
    expectDiagnostics(labelled('mean(f(one_hot(y))) + 0 * mean(x)', 'network f(v: class[10]) -> [1] {\n  dense(1)\n}'), [
      { code: 'E0403', line: 2, column: 14, message: '`v` is a class label (class[10]); a network input never takes a label directly', hint: /declare `v: \[10\]`/ },
    ]);
  });
});
