import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { AE, expectDiagnostics, expectRuleDiagnostics } from './harness.js';

const train = (body: string) => AE({ train: body });
const STEP = '  step s: minimize recon over enc, dec with adam()';

describe('the train block', () => {
  it('E0405: epochs and steps together', () => {
    expectDiagnostics(train(`${STEP}\n  epochs 2\n  steps 10`), [{ code: 'E0405', line: 13, column: 3, message: 'the train block sets both `epochs` (line 12) and `steps`; it may set only one' }]);
  });

  it('E0407: a batch that is not a positive integer', () => {
    expectDiagnostics(train(`${STEP}\n  batch 0.5\n  steps 10`), [{ code: 'E0407', line: 12, column: 9, message: '`batch` must be a positive integer, not 0.5' }]);
  });

  it('E0410: a setting given twice', () => {
    expectDiagnostics(train(`${STEP}\n  batch 8\n  batch 16\n  steps 10`), [{ code: 'E0410', line: 13, column: 3, message: '`batch` is set twice in the train block' }]);
  });

  it('E0217: two steps with one name', () => {
    expectDiagnostics(train(`${STEP}\n${STEP}\n  steps 10`), [{ code: 'E0217', line: 12, column: 8, message: 'step `s` is already defined' }]);
  });

  it('E0218 and E0411: `over` names a value, or a network twice', () => {
    expectDiagnostics(train('  step s: minimize recon over enc, dec, recon with adam()\n  steps 1'), [{ code: 'E0218', line: 11, column: 41, message: '`recon` is a value, not a network' }]);
    expectDiagnostics(train('  step s: minimize recon over enc, dec, enc with adam()\n  steps 1'), [{ code: 'E0411', line: 11, column: 41, message: '`enc` is listed twice in `over`' }]);
  });

  it('E0203: an unknown optimizer, with did-you-mean', () => {
    expectDiagnostics(train('  step s: minimize recon over enc, dec with adma()\n  steps 1'), [{ code: 'E0203', line: 11, column: 45, message: 'unknown optimizer `adma`', hint: 'did you mean `adam`?' }]);
  });

  it('E0213: an optimizer argument out of range', () => {
    expectDiagnostics(train('  step s: minimize recon over enc, dec with adam(beta1: 1.5)\n  steps 1'), [{ code: 'E0213', line: 11, column: 57, message: '`beta1` must be in [0, 1), not 1.5' }]);
  });

  it('E0408: an ema decay outside (0, 1)', () => {
    expectDiagnostics(train(`${STEP}\n  ema dec 1.5\n  steps 1`), [{ code: 'E0408', line: 12, column: 11, message: 'the ema decay must be between 0 and 1, not 1.5' }]);
  });

  it('E0209: a file without a train block', () => {
    expectDiagnostics('data x: [4] from csv("x.csv")\nnetwork f(v: [4]) -> [4] {\n  dense(4)\n}\nloss l = mse(x, f(x))\n', [
      { code: 'E0209', line: 6, column: 1, message: 'this file has no `train` block, and a spec needs exactly one' },
    ]);
  });

  it('E0229: a second train block', () => {
    expectDiagnostics(`${train(`${STEP}\n  steps 1`)}train {\n${STEP}\n  steps 1\n}\n`, [
      { code: 'E0229', line: 14, column: 1, message: 'this is a second `train` block (the first is at line 10); a spec has exactly one', hint: 'merge the steps into the first train block' },
    ]);
  });

  it('E0414: a train block without a step', () => {
    expectRuleDiagnostics('train', train('  steps 1'), [{ code: 'E0414', line: 10, column: 1, message: 'the train block has no `step`, so nothing would be trained' }]);
  });

  it('W0604: no length given trains one epoch', () => {
    expectDiagnostics(train(STEP), [{ code: 'W0604', line: 10, column: 1, message: 'the train block sets neither `epochs` nor `steps`, so training runs 1 epoch' }]);
  });

  it('E0312: a sample of a scalar', () => {
    expectDiagnostics(train(`${STEP}\n  sample recon every 10\n  steps 1`), [{ code: 'E0312', line: 12, column: 10, message: /`sample` needs a batch of examples/ }]);
  });

  it('counts epochs on a source a step reads: unused data is left out of the IR', () => {
    const source = `data spare: [4] from csv("spare.csv")\n${AE({ train: `${STEP}\n  epochs 1` })}`;
    const ir = compileSpec(source, 'spec.aegan').value!;
    expect(ir.data.map((d) => d.fields[0]!.name)).toEqual(['x']);
    expect(ir.nodes.filter((n) => n.op === 'data').every((n) => n.attrs.source === 0)).toBe(true);
  });

  it('E0415: epochs when no step reads data', () => {
    const source = AE({ loss: 'mean(dec(enc(x)))', extra: 'latent z: [4] ~ normal(0, 1)' }).replace('loss recon = mean(dec(enc(x)))', 'loss recon = mean(dec(enc(z)))\nlet unused = mean(x)');
    expectRuleDiagnostics('train', source.replace('  steps 10', '  epochs 2'), [
      { code: 'E0415', line: 13, column: 3, message: 'the train block must set `steps N`: no step reads data, so there are no passes over data for `epochs` to count', hint: 'use `steps N`' },
    ]);
  });

  it('E0415: no length when no step reads data', () => {
    const source = AE({ loss: 'mean(dec(enc(x)))', extra: 'latent z: [4] ~ normal(0, 1)' }).replace('loss recon = mean(dec(enc(x)))', 'loss recon = mean(dec(enc(z)))\nlet unused = mean(x)');
    expectRuleDiagnostics('train', source.replace('  steps 10\n', ''), [
      { code: 'E0415', line: 11, column: 1, message: 'the train block must set `steps N`: no step reads data, so there are no passes over data for `epochs` to count', hint: 'add `steps 10000`' },
    ]);
  });
});
