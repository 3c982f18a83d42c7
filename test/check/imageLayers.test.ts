// The image-to-image layers' shape rules and diagnostics (docs/reference.md,
// Layers): instancenorm, pad, crop, resize, and a residual block with add.
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { expectClean, expectDiagnostics } from './harness.js';

/** A spec whose critic D runs `body` on [28, 28, 1] images (each line indented by the caller). */
const image = (body: string) => `data x: [28, 28, 1] from mnist(split: "train")
network D(img: [28, 28, 1]) -> [1] {
${body}
}
loss l = bce_logits(1, D(x))
train {
  step s: minimize l over D with adam()
  steps 1
}
`;

/** Each body layer's op and shape, from the IR; the trailing `flatten |> dense(1)` left out. */
function shapesThrough(body: string): string[] {
  const result = compileSpec(image(`  ${body} |> flatten |> dense(1)`), 'spec.aegan');
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const nodes = result.value!.networks[0]!.nodes.filter((n) => n.op !== 'input').slice(0, -2);
  return nodes.map((n) => `${n.op} [${n.shape.join(', ')}]`);
}

describe('pad, crop and resize shapes', () => {
  it.each([
    ['pad n adds n on every side', 'pad(3, mode: reflect)', 'pad [34, 34, 1]'],
    ['pad [top, bottom, left, right]', 'pad([1, 0, 2, 3])', 'pad [29, 33, 1]'],
    ['reflect may add one less than the axis', 'pad([27, 0, 0, 27], mode: reflect)', 'pad [55, 55, 1]'],
    ['zero padding has no limit', 'pad(40)', 'pad [108, 108, 1]'],
    ['crop n removes n from every side', 'crop(2)', 'crop [24, 24, 1]'],
    ['crop [top, bottom, left, right]', 'crop([1, 0, 0, 3])', 'crop [27, 25, 1]'],
    ['crop may leave one row', 'crop([13, 14, 0, 0])', 'crop [1, 28, 1]'],
    ['resize to a size', 'resize([32, 20])', 'resize [32, 20, 1]'],
    ['resize bilinear', 'resize([7, 7], method: bilinear)', 'resize [7, 7, 1]'],
    ['instancenorm keeps the shape', 'instancenorm', 'instancenorm [28, 28, 1]'],
  ])('%s', (_case, layer, shape) => {
    expect(shapesThrough(layer)).toEqual([shape]);
  });

  it('instancenorm learns a scale and shift per channel unless affine: false', () => {
    const result = compileSpec(image('  conv2d(4) |> instancenorm |> instancenorm(epsilon: 1e-3, affine: false)\n  flatten |> dense(1)'), 'spec.aegan');
    const weights = result.value!.weights.filter((w) => w.layer.startsWith('instancenorm'));
    expect(weights.map((w) => `${w.id} [${w.shape.join(', ')}] ${w.init.kind}`)).toEqual([
      'D/instancenorm_1/gamma [4] ones',
      'D/instancenorm_1/beta [4] zeros',
    ]);
    const norms = result.value!.networks[0]!.nodes.filter((n) => n.op === 'instancenorm');
    expect(norms.map((n) => n.attrs)).toEqual([
      { epsilon: 1e-5, gamma: 'D/instancenorm_1/gamma', beta: 'D/instancenorm_1/beta' },
      { epsilon: 1e-3 },
    ]);
  });

  it('a residual block written with add checks', () => {
    expectClean(image(`  h = img |> conv2d(8, kernel: 3) |> instancenorm |> relu
  r = h |> pad(1, mode: reflect) |> conv2d(8, kernel: 3, padding: valid) |> instancenorm
  add(h, r) |> flatten |> dense(1)`));
  });

  it('a U-Net skip is cropped to match, then joined', () => {
    expectClean(image(`  skip = img |> conv2d(4, kernel: 3, padding: valid)
  up = skip |> maxpool(2) |> conv2d(4) |> upsample(2) |> pad([1, 1, 1, 1]) |> crop([1, 1, 1, 1])
  concat(skip, up) |> flatten |> dense(1)`));
  });
});

describe('their diagnostics', () => {
  it('E0323: a reflection as wide as the axis', () => {
    expectDiagnostics(image('  conv2d(2, kernel: 4, stride: 4)\n  pad([0, 0, 1, 7], mode: reflect)\n  flatten |> dense(1)'), [
      {
        code: 'E0323',
        line: 4,
        column: 3,
        message: '`pad` with `mode: reflect` adds 7 at the right of [7, 7, 2], but a reflection adds at most 6 there, one less than the 7 of its width',
        hint: 'pad at most 6 there, or use `mode: zero`',
      },
    ]);
  });

  it('E0324: a crop that removes every row', () => {
    expectDiagnostics(image('  crop([14, 14, 0, 0])\n  flatten |> dense(1)'), [
      { code: 'E0324', line: 3, column: 3, message: '`crop` removes 28 of the 28 rows of [28, 28, 1], which leaves none', hint: 'crop fewer than 28 rows in all' },
    ]);
  });

  it('E0324: a crop that removes every column', () => {
    expectDiagnostics(image('  crop([0, 0, 20, 9])\n  flatten |> dense(1)'), [
      { code: 'E0324', line: 3, column: 3, message: '`crop` removes 29 of the 28 columns of [28, 28, 1], which leaves none' },
    ]);
  });

  it.each([
    ['a zero', 'resize([0, 28])', 10, '`resize` takes a size [height, width] of positive whole numbers, not [0, 28]'],
    ['one number', 'resize(28)', 10, '`resize` takes a size [height, width] of positive whole numbers, not 28'],
    ['three numbers', 'resize([28, 28, 1])', 10, /not \[28, 28, 1\]/],
  ])('E0325: resize to %s', (_case, layer, column, message) => {
    expectDiagnostics(image(`  ${layer}\n  flatten |> dense(1)`), [{ code: 'E0325', line: 3, column, message, hint: /resize\(\[32, 32\]\)/ }]);
  });

  it.each([
    ['a negative side', 'pad([1, -1, 0, 0])', 7, 'pad'],
    ['a fraction', 'crop(1.5)', 8, 'crop'],
    ['two sides', 'pad([1, 2])', 7, 'pad'],
  ])('E0326: %s', (_case, layer, column, name) => {
    expectDiagnostics(image(`  ${layer}\n  flatten |> dense(1)`), [
      { code: 'E0326', line: 3, column, message: new RegExp(`^\`${name}\` takes a whole number from 0 or a list \\[top, bottom, left, right\\] of them`) },
    ]);
  });

  it('an unknown name in a size is reported once, as unknown', () => {
    expectDiagnostics(image('  pad([1, 1, wide, 1])\n  flatten |> dense(1)'), [{ code: 'E0201', line: 3, column: 14, message: 'unknown name `wide`' }]);
  });

  it('a size too large for a tensor is reported, not built', () => {
    const codes = compileSpec(image('  pad(100000)\n  flatten |> dense(1)'), 'spec.aegan').diagnostics.map((d) => d.code);
    expect(codes).toContain('E0314');
  });

  it('E0303: pad and crop need an image', () => {
    expectDiagnostics(image('  flatten\n  pad(1)\n  crop(1)\n  flatten |> dense(1)'), [
      { code: 'E0303', line: 4, column: 3, message: '`pad` needs an image [height, width, channels], but its input is [784]' },
    ]);
  });

  it('E0213: an unknown mode, with a suggestion', () => {
    expectDiagnostics(image('  pad(1, mode: reflekt)\n  flatten |> dense(1)'), [{ code: 'E0213', line: 3, column: 16, message: /`mode` must be `zero` or `reflect`/, hint: /reflect/ }]);
  });
});
