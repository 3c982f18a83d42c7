// The training controls a step's optimizer takes (docs/language.md,
// "Optimizers and training controls"): what they lower to, and the
// diagnostics for each way of writing them wrong.
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { AE, expectDiagnostics } from './harness.js';

/** A spec whose one step uses `optimizer`; the call starts at line 11, column 45. */
const withOptimizer = (optimizer: string, length = 'steps 100') => AE({ train: `  step s: minimize recon over enc, dec with ${optimizer}\n  ${length}` });
const optimizerOf = (optimizer: string) => compileSpec(withOptimizer(optimizer), 'spec.aegan').value!.train.steps[0]!.optimizer;

describe('training controls', () => {
  it('lower adamw (PyTorch\'s weight decay, Keras\'s epsilon), sgd\'s weight_decay, both schedules and clip_norm', () => {
    expect(optimizerOf('adamw()')).toEqual({ kind: 'adamw', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.01 });
    expect(optimizerOf('adamw(lr: linear(2e-4, to: 0, after: 50, over: 50), beta1: 0.5, weight_decay: 0.05, clip_norm: 1)')).toEqual({
      kind: 'adamw', lr: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.05, schedule: { kind: 'linear', to: 0, after: 50, over: 50 }, clipNorm: 1,
    });
    expect(optimizerOf('sgd(lr: cosine(0.1, over: 100), momentum: 0.9, weight_decay: 5e-4)')).toEqual({
      kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4, schedule: { kind: 'cosine', min: 0, over: 100 },
    });
    expect(optimizerOf('adam(lr: step_decay(1e-3, every: 30))').schedule).toEqual({ kind: 'step_decay', every: 30, gamma: 0.1 });
    expect(optimizerOf('adam(lr: exponential(1e-3, gamma: 0.99))').schedule).toEqual({ kind: 'exponential', gamma: 0.99 });
    // Without the controls, the IR is what it was.
    expect(optimizerOf('sgd(lr: 0.1)')).toEqual({ kind: 'sgd', lr: 0.1, momentum: 0 });
    expect(optimizerOf('rmsprop(clip_norm: 5)')).toEqual({ kind: 'rmsprop', lr: 1e-3, rho: 0.9, momentum: 0, epsilon: 1e-7, clipNorm: 5 });
  });

  it('E0232: a schedule for an argument other than lr', () => {
    expectDiagnostics(withOptimizer('adam(beta1: cosine(0.9, over: 10))'), [{ code: 'E0232', line: 11, column: 57, message: '`beta1` takes a number, not the schedule `cosine(…)`', hint: '`lr: cosine(…)`' }]);
  });

  it('E0233: an `after` that is not a whole number of iterations', () => {
    expectDiagnostics(withOptimizer('adam(lr: linear(1e-3, after: 2.5, over: 10))'), [{ code: 'E0233', line: 11, column: 74, message: 'not 2.5' }]);
    expectDiagnostics(withOptimizer('adam(lr: linear(1e-3, after: -1, over: 10))'), [{ code: 'E0233', line: 11, column: 74, message: 'not -1' }]);
  });

  it('E0234: weight_decay on adam points at adamw', () => {
    expectDiagnostics(withOptimizer('adam(lr: 1e-3, weight_decay: 0.01)'), [{ code: 'E0234', line: 11, column: 60, message: '`adam` has no `weight_decay`', hint: 'adamw(lr: …, weight_decay: …)' }]);
  });

  it('E0235: a clip_norm of zero or less', () => {
    expectDiagnostics(withOptimizer('sgd(clip_norm: 0)'), [{ code: 'E0235', line: 11, column: 60, message: 'must be a positive number, not 0' }]);
  });

  it('E0420: adamw whose lr · weight_decay reaches 1, its schedule\'s highest rate included', () => {
    expectDiagnostics(withOptimizer('adamw(lr: 0.5, weight_decay: 2)'), [{ code: 'E0420', line: 11, column: 45, message: 'with lr 0.5 and weight_decay 2, `adamw` multiplies every weight by 1 − lr·weight_decay = 0' }]);
    expectDiagnostics(withOptimizer('adamw(lr: linear(1e-3, to: 0.2, over: 10), weight_decay: 10)'), [{ code: 'E0420', line: 11, column: 45, message: 'with lr 0.2 and weight_decay 10' }]);
  });

  it('E0203, E0204, E0212, E0213, E0407: unknown schedules and arguments, missing `over`, negative rates', () => {
    expectDiagnostics(withOptimizer('adam(lr: cosin(1e-3, over: 10))'), [{ code: 'E0203', line: 11, column: 54, message: 'unknown learning-rate schedule `cosin`', hint: 'did you mean `cosine`?' }]);
    expectDiagnostics(withOptimizer('adamw(weight_decy: 0.1)'), [{ code: 'E0204', line: 11, column: 51, message: '`adamw` has no argument `weight_decy`', hint: 'did you mean `weight_decay`?' }]);
    expectDiagnostics(withOptimizer('adam(lr: linear(1e-3, to: 0))'), [{ code: 'E0212', line: 11, column: 54, message: '`over`' }]);
    expectDiagnostics(withOptimizer('adam(lr: cosine(1e-3, over: 10, min: -1))'), [{ code: 'E0213', line: 11, column: 82, message: '`min` must be a learning rate of 0 or more, not -1' }]);
    expectDiagnostics(withOptimizer('sgd(weight_decay: -0.1)'), [{ code: 'E0213', line: 11, column: 63, message: '`weight_decay` must be a positive number, not -0.1' }]);
    expectDiagnostics(withOptimizer('adam(lr: cosine(1e-3, over: 2.5))'), [{ code: 'E0407', line: 11, column: 73, message: 'must be a positive integer, not 2.5' }]);
    expectDiagnostics(withOptimizer('adam(lr: exponential(1e-3, gamma: 1.5))'), [{ code: 'E0213', line: 11, column: 79, message: '`gamma` must be in (0, 1]' }]);
    expectDiagnostics(withOptimizer('adam(lr: exponential(1e-3))'), [{ code: 'E0212', line: 11, column: 54, message: '`gamma`' }]);
    expectDiagnostics(withOptimizer('adam(lr: step_decay(1e-3, gamma: 0.5))'), [{ code: 'E0212', line: 11, column: 54, message: '`every`' }]);
  });

  it('W0610: a schedule that ends after the last iteration; none when it ends in time or the length is in epochs', () => {
    expectDiagnostics(withOptimizer('adam(lr: linear(1e-3, to: 0, after: 80, over: 40))'), [{
      code: 'W0610', line: 11, column: 54,
      message: 'the learning-rate schedule of step `s` ends at iteration 120, but training stops after 100 iterations, at a rate of 0.000525',
      hint: 'train for 120 steps',
    }]);
    expectDiagnostics(withOptimizer('adam(lr: linear(1e-3, to: 0, after: 60, over: 40))'), []);
    expectDiagnostics(withOptimizer('adam(lr: cosine(1e-3, over: 1000))', 'epochs 1'), []);
    expectDiagnostics(withOptimizer('adam(lr: exponential(1e-3, gamma: 0.999))'), []);
  });
});
