import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { estimateResources } from '../../src/ir/resources.js';
import { AE, expectDiagnostics } from './harness.js';

// What cannot be allocated is an error at check time, where the spec says it.
describe('resource limits', () => {
  const latentSpec = (latent: string, train: string) => `latent z: ${latent} ~ normal(0, 1)
network G(noise: [4]) -> [4] {
  dense(4)
}
loss l = mean(G(z))
train {
${train}
}
`;

  it('E0227: a dimension beyond tfjs\'s tensor limit', () => {
    expectDiagnostics(latentSpec('[1e10]', '  step s: minimize l over G with adam()\n  steps 1'), [
      { code: 'E0227', line: 1, column: 12, message: 'a dimension is 10,000,000,000, more than the limit of 2,147,483,647', hint: /32-bit integers/ },
    ]);
  });

  it('E0314: a shape whose dimensions fit but whose product does not', () => {
    expectDiagnostics(latentSpec('[65536, 65536]', '  step s: minimize l over G with adam()\n  steps 1'), [
      { code: 'E0314', line: 1, column: 11, message: 'one example of this shape ([65536, 65536]) would hold 4,294,967,296 elements, more than the 2,147,483,647 a tensor can hold' },
    ]);
  });

  it('E0314: a layer whose kernel could not be allocated', () => {
    const source = AE({ network: '  dense(2) |> dense(100000) |> dense(100000) |> dense(2)' });
    expectDiagnostics(source, [
      { code: 'E0314', line: 3, column: 32, message: 'the kernel of `dense` ([100000, 100000]) would hold 10,000,000,000 elements, more than the 2,147,483,647 a tensor can hold' },
    ]);
  });

  it('E0227: a class count beyond what float32 labels hold exactly', () => {
    const source = AE({ extra: 'latent c: class[1e12] ~ categorical(1e12)\nloss other = mean(one_hot(c))', train: '  step s: minimize recon + other over enc, dec with adam()\n  steps 1' });
    expectDiagnostics(source, [
      { code: 'E0227', line: 8, column: 17, message: 'the number of classes is 1,000,000,000,000, more than the limit of 16,777,216', hint: /float32/ },
      { code: 'E0227', line: 8, column: 37, message: 'the number of classes is 1,000,000,000,000, more than the limit of 16,777,216' },
    ]);
  });

  it('E0227: a batch that could not be one tensor', () => {
    expectDiagnostics(AE({ train: '  step s: minimize recon over enc, dec with adam()\n  batch 1e12\n  steps 1' }), [
      { code: 'E0227', line: 12, column: 9, message: '`batch` is 1,000,000,000,000, more than the limit of 2,147,483,647' },
    ]);
  });

  it('E0314 and E0315: a batch whose activations exceed a tensor and the memory limit, at the `batch` line', () => {
    expectDiagnostics(latentSpec('[4]', '  step s: minimize l over G with adam()\n  batch 1e9\n  steps 1'), [
      { code: 'E0314', line: 8, column: 3, message: 'with batch 1,000,000,000, a batch of `z` (line 5) would hold 4,000,000,000 elements, more than the 2,147,483,647 a tensor can hold', hint: /at most 536,870,911/ },
      { code: 'E0315', line: 8, column: 3, message: /^training needs about 119 GiB of memory \(80 bytes of weights, 240 bytes of optimizer state and gradients, 119 GiB of activations for a batch of 1,000,000,000\), more than the 4 GiB a run can use$/ },
    ]);
  });

  it('E0315: weights alone beyond the memory limit, at the train block when the batch is the default', () => {
    const source = latentSpec('[4]', '  step s: minimize l over G with adam()\n  steps 1').replace('  dense(4)', '  dense(30000) |> dense(30000) |> dense(4)');
    expectDiagnostics(source, [{ code: 'E0315', line: 6, column: 1, message: /^training needs about 13\.4 GiB of memory \(3\.4 GiB of weights/, hint: /make the networks smaller/ }]);
  });

  it('E0227: repeat and steps, alone and multiplied, beyond the seeds of step executions', () => {
    expectDiagnostics(latentSpec('[4]', '  step s: minimize l over G with adam() repeat 1e12\n  steps 1'), [
      { code: 'E0227', line: 7, column: 48, message: '`repeat` is 1,000,000,000,000, more than the limit of 4,294,967,293', hint: /32-bit seed/ },
    ]);
    expectDiagnostics(latentSpec('[4]', '  step s: minimize l over G with adam() repeat 1000\n  steps 1e7'), [
      { code: 'E0227', line: 8, column: 3, message: 'the number of step executions, 10,000,000 steps × 1,000 per iteration, is 10,000,000,000, more than the limit of 4,294,967,293' },
    ]);
  });

  it('E0406: a seed outside 0..2^32 − 1, which would alias a smaller one', () => {
    expectDiagnostics(latentSpec('[4]', '  step s: minimize l over G with adam()\n  steps 1\n  seed 4294967296'), [
      { code: 'E0406', line: 9, column: 8, message: '`seed` must be a whole number from 0 to 4294967295, not 4294967296' },
    ]);
  });

  it('--set goes through the same limits, reported where the param is used', () => {
    const source = `param code = 2\n${AE({ network: '  dense(code) |> dense(2)' })}`;
    expectDiagnostics(source, [{ code: 'E0227', line: 4, column: 9, message: /^`dense`'s units is 100,000,000,000,000,000,000, more than the limit/ }], { overrides: { code: 1e20 } });
  });

  it('estimates weights, optimizer state and activations', () => {
    const module = compileSpec(latentSpec('[4]', '  step s: minimize l over G with adam()\n  batch 10\n  steps 1'), 'spec.aegan').value!;
    // dense(4) on [4]: 16 + 4 weights; adam keeps two slots and one gradient per weight.
    expect(estimateResources(module)).toMatchObject({ parameters: 20, weightBytes: 80, trainingStateBytes: 240, batch: 10 });
    // z, the input and output of G, G(z) as an expression value, and the mean: (4 × 10) × 4 + 1, kept and differentiated.
    expect(estimateResources(module).activationBytes).toBe(4 * 2 * (4 * 40 + 1));
  });
});
