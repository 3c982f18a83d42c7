import { describe, it } from 'vitest';
import { expectDiagnostics, expectRuleDiagnostics } from './harness.js';

const spec = (data: string, extra = '') => `${data}
${extra}
network f(v: [28, 28, 1]) -> [1] {
  flatten |> dense(1)
}
loss l = mean(f(x))
train {
  step s: minimize l over f with adam()
  steps 1
}
`;

describe('data and latent declarations', () => {
  it('E0505: an MNIST field declared with the wrong element count', () => {
    expectDiagnostics(spec('data x: [32, 32, 1] from mnist(split: "train")'), [
      { code: 'E0505', line: 1, column: 6, message: 'mnist: its images are [28, 28, 1] (784 values), but `x` is declared [32, 32, 1]' },
      // The declared type stands, so its use is checked too.
      { code: 'E0301', line: 6, column: 17, message: '`f` expects [28, 28, 1] but `x` is [32, 32, 1]' },
    ]);
  });

  it('E0203: an unknown source, with did-you-mean', () => {
    expectDiagnostics(spec('data x: [28, 28, 1] from minst(split: "train")'), [{ code: 'E0203', line: 1, column: 26, message: 'unknown data source `minst`', hint: 'did you mean `mnist`?' }]);
  });

  it('E0213: a split that is neither train nor test', () => {
    expectDiagnostics(spec('data x: [28, 28, 1] from mnist(split: "validation")'), [{ code: 'E0213', line: 1, column: 39, message: '`split` must be `train` or `test`, not the string "validation"' }]);
  });

  it('E0212: a labelled csv needs its label column', () => {
    expectDiagnostics(spec('data x: [28, 28, 1], y: class[10] from csv("d.csv")', 'let unused_y = one_hot(y)').replace('loss l = mean(f(x))', 'loss l = mean(f(x)) + 0 * mean(unused_y)'), [
      { code: 'E0212', line: 1, column: 40, message: '`csv` needs the argument `label`' },
    ]);
  });

  it('E0213: a categorical latent with a shape type', () => {
    const source = spec('data x: [28, 28, 1] from mnist(split: "train")', 'latent c: [10] ~ categorical(10)');
    expectRuleDiagnostics('sources', source, [{ code: 'E0213', line: 2, column: 11, message: /class\[10\] for categorical\(10\)/ }]);
    expectRuleDiagnostics('unusedNames', source, [{ code: 'W0601', line: 2, column: 8, message: 'latent `c` is never used' }]);
  });

  it('E0213: a scale whose low end is not below its high end', () => {
    expectDiagnostics(spec('data x: [28, 28, 1] from mnist(split: "train") scale 1..-1'), [{ code: 'E0213', line: 1, column: 54, message: '`scale` must be LO..HI with LO < HI, not 1..-1' }]);
  });
});
