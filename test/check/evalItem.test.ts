// `eval [x from SOURCE, …] every N`: held-out sources resolved per data
// declaration, and the losses each step logs beside its objective.
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { parse } from '../../src/parser/parse.js';
import { format } from '../../src/format/format.js';
import { expectClean, expectDiagnostics } from './harness.js';

const networks = `
network encoder(e: [16]) -> [4] {
  dense(4) |> relu
}
network decoder(h: [4]) -> [16] {
  dense(16) |> sigmoid
}`;

const spec = (data: string, train: string, losses = 'loss recon = bce(x, decoder(encoder(x)))') =>
  `${data}\n${networks}\n${losses}\ntrain {\n  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)\n  steps 20\n${train}\n}\n`;

describe('eval in the train block', () => {
  it('holds out the test split of an mnist source by default', () => {
    const text = spec('data x: [16] from mnist(split: "train")', '  eval every 5').replace(/\[16\]/g, '[784]').replace('dense(16)', 'dense(784)');
    const ir = compileSpec(text, 'spec.aegan').value!;
    expect(ir.train.evaluation).toEqual({ every: 5, heldOut: [{ kind: 'mnist', split: 'test' }] });
  });

  it('takes a named source for the declaration a field belongs to', () => {
    const text = spec('data x: [16] from csv("train.csv")', '  eval x from csv("test.csv") every 7');
    expectClean(text);
    expect(compileSpec(text, 'spec.aegan').value!.train.evaluation).toEqual({ every: 7, heldOut: [{ kind: 'csv', path: 'test.csv' }] });
  });

  it('is E0416 for a source with no test split that eval does not name', () => {
    expectDiagnostics(spec('data x: [16] from csv("train.csv")', '  eval every 5'), [
      { code: 'E0416', message: '`eval` needs held-out data for `x`, but its source csv("train.csv") has no test split to hold out', line: 13, column: 3, hint: 'eval x from csv("held-out.csv") every 5' },
    ]);
  });

  it('is E0417 for a name that is no data field, with a suggestion', () => {
    expectDiagnostics(spec('data x: [16] from csv("train.csv")', '  eval xx from csv("test.csv"), x from csv("t.csv") every 5'), [
      { code: 'E0417', message: '`eval` names `xx`, which is not a field of a data declaration the losses read', line: 13, column: 8, hint: 'did you mean `x`?' },
    ]);
  });

  it('warns W0608 when the held-out source is the training source', () => {
    expectDiagnostics(spec('data x: [16] from csv("train.csv")', '  eval x from csv("train.csv") every 5'), [
      { code: 'W0608', message: /the held-out data of `x` is the data it trains on \(csv\("train.csv"\)\)/, line: 13, column: 15 },
    ]);
  });

  it('is E0410 when written twice, and checks its interval as a positive integer', () => {
    expectDiagnostics(spec('data x: [16] from csv("a.csv")', '  eval x from csv("b.csv") every 5\n  eval every 0'), [
      { code: 'E0410', message: '`eval` is set twice in the train block', line: 14, column: 3, hint: /line 13/ },
    ]);
    expectDiagnostics(spec('data x: [16] from csv("a.csv")', '  eval x from csv("b.csv") every 0'), [
      { code: 'E0407', message: /the eval interval must be a positive integer/, line: 13, column: 34 },
    ]);
  });

  it('formats as written, canonically', () => {
    const text = spec('data x: [16] from csv("a.csv")', '  eval   x from csv("b.csv")   every 5');
    expect(format(parse(text, 'spec.aegan').value!)).toContain('  eval x from csv("b.csv") every 5\n');
  });
});

describe('losses logged with a step', () => {
  it('are its objective and every declared loss the objective is built from', () => {
    const losses = 'loss recon = bce(x, decoder(encoder(x)))\nloss sparsity = mean(abs(encoder(x)))\nloss total = recon + 0.1 * sparsity\nloss watch = mse(x, decoder(encoder(x)))';
    const text = spec('data x: [16] from csv("a.csv")', '', losses).replace('minimize recon', 'minimize total');
    const ir = compileSpec(text, 'spec.aegan').value!;
    // `watch` is no part of the objective: it needs a pass of its own, which `eval` makes.
    expect(ir.train.steps[0]!.reports.map((r) => r.name)).toEqual(['total', 'recon', 'sparsity']);
  });

  it('include the loss a maximize step negates', () => {
    const text = spec('data x: [16] from csv("a.csv")', '', 'loss recon = bce(x, decoder(encoder(x)))\nloss gain = -recon').replace('minimize recon', 'maximize gain');
    expect(compileSpec(text, 'spec.aegan').value!.train.steps[0]!.reports.map((r) => r.name)).toEqual(['gain', 'recon']);
  });
});
