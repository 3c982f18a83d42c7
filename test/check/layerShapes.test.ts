import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { expectDiagnostics } from './harness.js';

const image = (body: string, out = '[1]') => `data x: [28, 28, 1] from mnist(split: "train")
network D(img: [28, 28, 1]) -> ${out} {
${body}
}
loss l = bce_logits(1, D(x))
train {
  step s: minimize l over D with adam()
  steps 1
}
`;

/**
 * The shape each layer of `body` computes from an input of `input`, read from
 * the IR, so that no later layer can absorb a wrong one. The body ends in
 * `flatten |> dense(1)` to make a valid network; those two are left out.
 */
function shapesThrough(input: readonly number[], body: string): string[] {
  const source = `data x: [${input.join(', ')}] from npy("x.npy")
network D(img: [${input.join(', ')}]) -> [1] {
  ${body} |> flatten |> dense(1)
}
loss l = bce_logits(1, D(x))
train {
  step s: minimize l over D with adam()
  steps 1
}
`;
  const result = compileSpec(source, 'spec.aegan');
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const nodes = result.value!.networks[0]!.nodes.filter((n) => n.op !== 'input').slice(0, -2);
  return nodes.map((n) => `${n.op} [${n.shape.join(', ')}]`);
}

describe('shape inference through layers', () => {
  // docs/reference.md: conv2d `same` ⌈n/s⌉, `valid` ⌊(n−k)/s⌋+1.
  it.each([
    ['same, stride 1', [28, 28, 1], 'conv2d(8, kernel: 3)', 'conv2d [28, 28, 8]'],
    ['same, stride 2', [28, 28, 1], 'conv2d(8, kernel: 3, stride: 2)', 'conv2d [14, 14, 8]'],
    ['same, stride 2 on an odd size rounds up', [7, 7, 3], 'conv2d(4, kernel: 3, stride: 2)', 'conv2d [4, 4, 4]'],
    ['same, stride 3 that does not divide', [28, 28, 1], 'conv2d(2, kernel: 5, stride: 3)', 'conv2d [10, 10, 2]'],
    ['valid, stride 1', [28, 28, 1], 'conv2d(8, kernel: 3, padding: valid)', 'conv2d [26, 26, 8]'],
    ['valid, stride 2 on an odd size', [27, 27, 1], 'conv2d(8, kernel: 3, stride: 2, padding: valid)', 'conv2d [13, 13, 8]'],
    ['valid, stride 2 that leaves a remainder', [7, 7, 1], 'conv2d(8, kernel: 4, stride: 2, padding: valid)', 'conv2d [2, 2, 8]'],
    ['valid, stride 3', [28, 28, 1], 'conv2d(8, kernel: 5, stride: 3, padding: valid)', 'conv2d [8, 8, 8]'],
    ['valid, a kernel as large as the input', [5, 5, 2], 'conv2d(3, kernel: 5, padding: valid)', 'conv2d [1, 1, 3]'],
    ['valid on a non-square image', [28, 20, 1], 'conv2d(8, kernel: 3, stride: 2, padding: valid)', 'conv2d [13, 9, 8]'],
  ])('conv2d %s', (_case, input, layer, shape) => {
    expect(shapesThrough(input, layer)).toEqual([shape]);
  });

  // docs/reference.md: conv2d_transpose `same` n·s, `valid` (n−1)·s+k.
  it.each([
    ['same, stride 1', [7, 7, 4], 'conv2d_transpose(2, kernel: 3)', 'conv2d_transpose [7, 7, 2]'],
    ['same, stride 2 doubles', [7, 7, 4], 'conv2d_transpose(2, kernel: 4, stride: 2)', 'conv2d_transpose [14, 14, 2]'],
    ['valid, stride 1', [5, 5, 4], 'conv2d_transpose(2, kernel: 3, padding: valid)', 'conv2d_transpose [7, 7, 2]'],
    ['valid, stride 2', [7, 7, 4], 'conv2d_transpose(2, kernel: 4, stride: 2, padding: valid)', 'conv2d_transpose [16, 16, 2]'],
    ['valid, stride 3 on a non-square image', [3, 2, 4], 'conv2d_transpose(1, kernel: 5, stride: 3, padding: valid)', 'conv2d_transpose [11, 8, 1]'],
  ])('conv2d_transpose %s', (_case, input, layer, shape) => {
    expect(shapesThrough(input, layer)).toEqual([shape]);
  });

  // Pools have no padding: ⌊n/size⌋, the remainder dropped.
  it.each([
    ['maxpool, a size that divides', [28, 28, 3], 'maxpool(2)', 'maxpool [14, 14, 3]'],
    ['maxpool on an odd size', [7, 7, 3], 'maxpool(2)', 'maxpool [3, 3, 3]'],
    ['maxpool, a size that does not divide', [10, 10, 1], 'maxpool(4)', 'maxpool [2, 2, 1]'],
    ['avgpool, a size that divides', [28, 28, 1], 'avgpool(4)', 'avgpool [7, 7, 1]'],
    ['avgpool, a size that does not divide', [28, 28, 1], 'avgpool(3)', 'avgpool [9, 9, 1]'],
    ['avgpool on a non-square image', [9, 6, 2], 'avgpool(2)', 'avgpool [4, 3, 2]'],
    ['maxpool, a window as large as the input', [5, 5, 2], 'maxpool(5)', 'maxpool [1, 1, 2]'],
  ])('%s', (_case, input, layer, shape) => {
    expect(shapesThrough(input, layer)).toEqual([shape]);
  });

  it('follows a chain of them, each layer from the one before', () => {
    expect(shapesThrough([28, 28, 1], 'conv2d(8, kernel: 3, stride: 2) |> conv2d(8, kernel: 3, padding: valid) |> maxpool(2) |> upsample(3) |> conv2d_transpose(4, kernel: 3, stride: 2, padding: valid)')).toEqual([
      'conv2d [14, 14, 8]',
      'conv2d [12, 12, 8]',
      'maxpool [6, 6, 8]',
      'upsample [18, 18, 8]',
      'conv2d_transpose [37, 37, 4]',
    ]);
  });

  it('E0303: conv2d on a flat vector', () => {
    expectDiagnostics(image('  flatten\n  conv2d(8, kernel: 3)\n  flatten |> dense(1)'), [
      { code: 'E0303', line: 4, column: 3, message: '`conv2d` needs an image [height, width, channels], but its input is [784]' },
    ]);
  });

  it('E0304: reshape to another element count', () => {
    expectDiagnostics(image('  reshape([28, 27, 1])\n  flatten |> dense(1)'), [
      { code: 'E0304', line: 3, column: 3, message: 'cannot reshape [28, 28, 1] (784 elements) to [28, 27, 1] (756 elements)' },
    ]);
  });

  it('E0309: a valid convolution larger than its input', () => {
    expectDiagnostics(image('  conv2d(8, kernel: 5, stride: 8, padding: valid)\n  conv2d(8, kernel: 5, padding: valid)\n  flatten |> dense(1)'), [
      { code: 'E0309', line: 4, column: 3, message: '`conv2d` on [3, 3, 8] leaves no output (a 5×5 kernel with padding `valid`)' },
    ]);
  });

  it('E0305: concat of values that differ before the last axis', () => {
    expectDiagnostics(image('  a = img |> conv2d(4, kernel: 3, stride: 2)\n  b = img |> conv2d(4, kernel: 3)\n  concat(a, b)\n  flatten |> dense(1)'), [
      { code: 'E0305', line: 5, column: 3, message: /`concat` needs values that differ only in their last axis; got \[14, 14, 4\] and \[28, 28, 4\]/ },
    ]);
  });

  it('E0310: spectral_norm around a layer it cannot normalise', () => {
    expectDiagnostics(image('  spectral_norm(batchnorm)\n  flatten |> dense(1)'), [{ code: 'E0310', line: 3, column: 17, message: '`spectral_norm` wraps `dense` or `conv2d`, not `batchnorm`' }]);
  });

  it('conv2d_transpose undoes a same convolution of stride 2', () => {
    expect(shapesThrough([28, 28, 1], 'conv2d(4, kernel: 4, stride: 2) |> conv2d_transpose(1, kernel: 4, stride: 2)')).toEqual([
      'conv2d [14, 14, 4]',
      'conv2d_transpose [28, 28, 1]',
    ]);
  });
});
