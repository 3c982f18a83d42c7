import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

// Numbers that cannot be trained with: Infinity from a literal or a computation,
// and integers beyond what a float64 holds exactly.
describe('non-finite and inexact numbers', () => {
  const overflow = (column: number, line: number, text = '1e309') => ({
    code: 'E0225', line, column, message: `the number \`${text}\` is too large: as a 64-bit float it is Infinity`, hint: /1\.8e308/,
  });

  it('E0225: an optimizer rate that overflows', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam(lr: 1e309)\n  steps 1' }), [overflow(54, 11)]);
  });

  it('E0225: a distribution parameter that overflows', () => {
    expectDiagnostics(AE({ extra: 'latent z: [2] ~ normal(1e309, 1)\nloss other = mean(dec(z))', train: '  step s: minimize recon + other over enc, dec with adam()\n  steps 1' }), [overflow(24, 8)]);
  });

  it('E0225: a literal inside a loss expression, which no constant evaluation reaches', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x))) * 1e400' }), [overflow(36, 9, '1e400')]);
  });

  it('E0225: an overflowing literal in an init and a layer argument, each at its own span', () => {
    const source = AE({ network: '  dense(2) |> leaky_relu(1e309)' }).replace('network enc(v: [4]) -> [2] {', 'network enc(v: [4]) -> [2] init normal(0, 2e308) {');
    expectDiagnostics(source, [overflow(43, 2, '2e308'), overflow(26, 3)]);
  });

  it('E0226: a param whose arithmetic overflows', () => {
    expectDiagnostics(AE({ extra: 'param big = 1e200 * 1e200\nparam other = big' }), [
      { code: 'E0226', line: 8, column: 13, message: '`1e200 * 1e200` evaluates to Infinity, not a finite number', hint: /overflows/ },
    ]);
  });

  it('E0226: a division by zero in a param', () => {
    expectDiagnostics(AE({ extra: 'param half = 1 / (2 - 2)\nparam other = half' }), [
      { code: 'E0226', line: 8, column: 14, message: '`1 / (2 - 2)` evaluates to Infinity, not a finite number', hint: 'this divides by zero' },
    ]);
  });

  it('E0226: a power with no real value', () => {
    expectDiagnostics(AE({ extra: 'param p = (0 - 2) ^ 0.5\nparam other = p' }), [
      { code: 'E0226', line: 8, column: 12, message: /evaluates to NaN, not a finite number/ },
    ]);
  });

  it('E0227: a layer width that is not an exact integer', () => {
    expectDiagnostics(AE({ network: '  dense(99999999999999999999)' }), [
      { code: 'E0227', line: 3, column: 9, message: '`dense`\'s units is 100,000,000,000,000,000,000, more than the limit of 9,007,199,254,740,991', hint: /2\^53/ },
    ]);
  });
});

describe('numbers beyond float32, which training computes in', () => {
  it('E0228: an optimizer rate finite as a float64 but Infinity as a float32', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam(lr: 1e39)\n  steps 1' }), [
      { code: 'E0228', line: 11, column: 54, message: 'lr is 1e+39, which is Infinity as a float32', hint: /3\.4e38/ },
    ]);
  });

  it('E0228: a constant in a loss, written or through a param', () => {
    expectDiagnostics(AE({ extra: 'param big = 1e39', loss: 'mse(x, dec(enc(x))) * 4e38 + big' }), [
      { code: 'E0228', line: 9, column: 36, message: 'the number `4e38` is 4e+38, which is Infinity as a float32' },
      { code: 'E0228', line: 9, column: 43, message: 'param `big` is 1e+39, which is Infinity as a float32' },
    ]);
  });

  it('E0228: a layer argument and a distribution parameter', () => {
    const source = AE({ network: '  dense(2) |> gaussian_noise(1e39)', extra: 'latent z: [2] ~ normal(0, -1e39)\nloss other = mean(dec(z))', train: '  step s: minimize recon + other over enc, dec with adam()\n  steps 1' });
    expectDiagnostics(source, [
      { code: 'E0228', line: 3, column: 30, message: '`gaussian_noise`\'s std is 1e+39, which is Infinity as a float32' },
      { code: 'E0228', line: 8, column: 27, message: 'std is -1e+39, which is Infinity as a float32' },
    ]);
  });
});
