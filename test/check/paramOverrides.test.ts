import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { diagnosticsOf } from './harness.js';

const spec = `param code = 2
data x: [4] from csv("x.csv")
network enc(v: [4]) -> [code] {
  dense(code)
}
network dec(h: [code]) -> [4] {
  dense(4) |> sigmoid
}
loss recon = mse(x, dec(enc(x)))
train {
  step s: minimize recon over enc, dec with adam()
  steps 10
}
`;

describe('param overrides (--set)', () => {
  it('re-checks every shape with the new value', () => {
    const result = compileSpec(spec, 'spec.aegan', { overrides: { code: 8 } });
    expect(result.diagnostics).toEqual([]);
    expect(result.value!.networks[0]!.outputs[0]!.shape).toEqual([8]);
    expect(result.value!.params).toEqual([{ name: 'code', value: 8 }]);
  });

  it('reports an override that breaks a shape at the line it breaks', () => {
    const diagnostics = diagnosticsOf(spec, { overrides: { code: 2.5 } });
    expect(diagnostics.map((d) => [d.code, d.span?.start.line])).toContainEqual(['E0308', 3]);
  });

  it('E0501: an unknown param, with a suggestion', () => {
    const [d] = diagnosticsOf(spec, { overrides: { cod: 3 } });
    expect(d).toMatchObject({ code: 'E0501', field: '--set cod', hint: 'did you mean `code`?' });
  });
});
