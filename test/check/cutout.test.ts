// cutout(v, size:, fill:) and cutout_mask(c): what the checker accepts, the
// IR it builds (the mask shares its cutout's random slot), and its diagnostics.
import { describe, expect, it } from 'vitest';
import { expectClean, expectDiagnostics } from './harness.js';
import { compileSpec } from '../../src/compile.js';

/** Line 3 holds the lets; the loss always reads D so the step checks. */
const spec = (lets: string, loss: string, vector = false) => `data x: [6, 5, 2] from npy("x.npy")${vector ? '' : '\n'}${vector ? '\ndata v: [30] from npy("v.npy")' : ''}
${lets}
network D(img: [6, 5, 2]) -> [1] { flatten |> dense(1) }
loss l = ${loss} + mean(D(x))
train {
  step d: minimize l over D with adam()
  batch 4
  steps 2
}
`;

describe('cutout and cutout_mask', () => {
  it('a cutout of an image and the mask of a bound cutout check, and share one random slot', () => {
    const source = spec('let masked = cutout(x, size: 3, fill: 0.5)\nlet m = cutout_mask(masked)', 'mean(D(masked)) + mean(m)');
    expectClean(source);
    const ir = compileSpec(source, 'cutout.aegan').value!;
    const cut = ir.nodes.find((n) => n.op === 'cutout')!;
    const mask = ir.nodes.find((n) => n.op === 'cutout_mask')!;
    expect(cut.attrs).toEqual({ size: 3, fill: 0.5, slot: expect.any(Number) });
    expect(mask.attrs).toEqual({ size: 3, slot: (cut.attrs as { slot: number }).slot });
    expect(mask.type).toEqual({ kind: 'tensor', shape: [6, 5, 1] });
    expect(mask.inputs).toEqual(cut.inputs);
  });

  it('two cutout calls draw two squares (two slots)', () => {
    const ir = compileSpec(spec('let a = cutout(x, size: 2)\nlet b = cutout(x, size: 2)', 'mean(a) + mean(b) + mean(cutout_mask(a))'), 'two.aegan').value!;
    const slots = ir.nodes.filter((n) => n.op === 'cutout').map((n) => (n.attrs as { slot: number }).slot);
    expect(new Set(slots).size).toBe(2);
  });

  it('E0424: a square larger than the image', () => {
    expectDiagnostics(spec('let a = cutout(x, size: 6)', 'mean(a)'), [
      { code: 'E0424', line: 3, column: 25, message: '`cutout` cuts a 6×6 square, which does not fit in the 6×5 image `x`', hint: /at most 5/ },
    ]);
  });

  it('E0312: a cutout of a vector', () => {
    expectDiagnostics(spec('let a = cutout(v, size: 2)', 'mean(a)', true), [
      { code: 'E0312', line: 3, column: 16, message: '`cutout` needs an image [height, width, channels], but got [30]', hint: /reshape/ },
    ]);
  });

  it('E0407: a size that is not a positive integer', () => {
    expectDiagnostics(spec('let a = cutout(x, size: 1.5)', 'mean(a)'), [{ code: 'E0407', line: 3, column: 25, message: /size must be a positive integer, not 1.5/ }]);
  });

  it('E0425: the mask of something that is not a cutout', () => {
    expectDiagnostics(spec('let a = cutout_mask(x)', 'mean(a)'), [
      { code: 'E0425', line: 3, column: 21, message: '`cutout_mask` reads the square of a `cutout`, but its argument is `x`, which is not a cutout', hint: /let masked = cutout/ },
    ]);
  });
});
