import { describe, it } from 'vitest';
import { AE, expectClean, expectRuleDiagnostics } from './harness.js';

describe('W0602 and W0603: ranges of predictions and data', () => {
  it('W0602: bce on a linear output, with a bce_logits hint', () => {
    expectRuleDiagnostics('rangeWarnings', AE().replace('dense(4) |> sigmoid', 'dense(4)').replace('mse(', 'bce('), [
      { code: 'W0602', line: 9, column: 21, message: "`bce` expects a prediction in 0..1, but the prediction comes from `dec`'s linear output", hint: /bce_logits/ },
    ]);
  });

  it('W0603: a tanh output against 0..1 data', () => {
    expectRuleDiagnostics('rangeWarnings', AE().replace('dense(4) |> sigmoid', 'dense(4) |> tanh'), [{ code: 'W0603', line: 9, column: 21, message: /0\.\.1 .*-1\.\.1/, hint: /sigmoid/ }]);
  });

  it('W0603: a sigmoid output against -1..1 data', () => {
    expectRuleDiagnostics('rangeWarnings', AE().replace('from csv("x.csv")', 'from csv("x.csv") scale -1..1'), [{ code: 'W0603', line: 9, column: 21, message: /reconstruction compares data in -1\.\.1 .* with an output in 0\.\.1/, hint: /tanh/ }]);
  });

  it('says nothing for a tanh output against -1..1 data, or a linear output', () => {
    expectClean(AE().replace('from csv("x.csv")', 'from csv("x.csv") scale -1..1').replace('dense(4) |> sigmoid', 'dense(4) |> tanh'));
    expectClean(AE().replace('dense(4) |> sigmoid', 'dense(4)'));
  });
});
