import { describe, it } from 'vitest';
import { expectClean, expectDiagnostics } from './harness.js';

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

describe('shape inference through layers', () => {
  it('follows same and valid padding through conv and pool arithmetic', () => {
    expectClean(image('  conv2d(8, kernel: 3, stride: 2)\n  conv2d(8, kernel: 3, padding: valid)\n  maxpool(2)\n  flatten |> dense(1)'));
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

  it('conv2d_transpose doubles with stride 2 and same padding', () => {
    expectClean(image('  conv2d(4, kernel: 4, stride: 2)\n  conv2d_transpose(1, kernel: 4, stride: 2)', '[28, 28, 1]').replace('bce_logits(1, D(x))', 'mse(x, D(x))'));
  });
});
