// `classes: [...]` on a data source: which sources take it and which values it accepts.
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { expectDiagnostics } from './harness.js';

const spec = (data: string) => `${data}
network f(v: [784]) -> [1] {
  dense(1)
}
loss l = mean(f(x))
train {
  step s: minimize l over f with adam()
  steps 1
}
`;

describe('data sources: classes', () => {
  it('is kept in the IR, sorted, for mnist, fashion_mnist, labelled idx and labelled csv', () => {
    for (const source of [
      'mnist(split: "test", classes: [7, 1])',
      'fashion_mnist(dir: "f", classes: [7, 1])',
      'idx(images: "i", labels: "l", classes: [7, 1])',
      'csv("d.csv", label: "y", classes: [7, 1])',
    ]) {
      const { value: module, diagnostics } = compileSpec(spec(`data x: [784] from ${source}`), 'spec.aegan');
      expect(diagnostics.filter((d) => d.severity === 'error'), source).toEqual([]);
      expect(module?.data[0]?.classes, source).toEqual([1, 7]);
    }
    expect(compileSpec(spec(`data x: [784] from mnist(split: "test")`), "spec.aegan").value?.data[0]).not.toHaveProperty('classes');
  });

  it('E0213: a class out of range, a repeated class, or not a list', () => {
    expectDiagnostics(spec('data x: [784] from mnist(split: "test", classes: [10])'), [
      { code: 'E0213', line: 1, column: 51, message: '`classes` must be a list of whole numbers from 0 to 9, not 10' },
    ]);
    expectDiagnostics(spec('data x: [784], y: class[3] from csv("d.csv", label: "y", classes: [0, 3])').replace('mean(f(x))', 'mean(f(x)) + 0 * mean(one_hot(y))'), [
      { code: 'E0213', line: 1, column: 71, message: '`classes` must be a list of whole numbers from 0 to 2, not 3' },
    ]);
    expectDiagnostics(spec('data x: [784] from mnist(split: "test", classes: [2, 2])'), [
      { code: 'E0213', line: 1, column: 54, message: '`classes` must be a list of distinct classes, not 2 twice' },
    ]);
    expectDiagnostics(spec('data x: [784] from mnist(split: "test", classes: 2)'), [
      { code: 'E0213', line: 1, column: 50, message: '`classes` must be a list of class numbers such as [0] or [1, 7], not 2' },
    ]);
  });

  it('E0212: a source that reads no labels cannot choose by class; E0204: npy takes no classes', () => {
    expectDiagnostics(spec('data x: [784] from csv("d.csv", classes: [0])'), [
      { code: 'E0212', line: 1, column: 20, message: '`csv` needs the argument `label`', hint: /`classes:` keeps examples by their label/ },
    ]);
    expectDiagnostics(spec('data x: [784] from npy("a.npy", classes: [0])'), [{ code: 'E0204', line: 1, column: 33, message: '`npy` has no argument `classes`' }]);
  });
});
