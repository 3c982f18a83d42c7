import { describe, it } from 'vitest';
import { AE, expectDiagnostics } from './harness.js';

describe('E0301 network input shape', () => {
  it('reports the argument whose shape differs, with a flatten hint', () => {
    const source = `data x: [28, 28, 1] from mnist(split: "train")
network encoder(img: [784]) -> [32] {
  dense(32) |> relu
}
network decoder(h: [32]) -> [28, 28, 1] {
  dense(784) |> sigmoid |> reshape([28, 28, 1])
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)
  steps 5
}
`;
    expectDiagnostics(source, [{
      code: 'E0301', line: 8, column: 37,
      message: '`encoder` expects [784] but `x` is [28, 28, 1]',
      hint: /flatten x in the network \(`flatten` as its first layer\), or declare encoder\(img: \[28, 28, 1\]\)/,
    }]);
  });

  it('reports the wrong number of inputs', () => {
    expectDiagnostics(AE({ loss: 'mse(x, dec(enc(x, x)))' }), [{ code: 'E0215', line: 9, column: 25, message: '`enc` takes 1 input(s), but 2 given' }]);
  });

  it('keeps checking after a mismatch with the declared output shape', () => {
    expectDiagnostics(AE({ loss: 'mse(x, enc(dec(x)))' }), [
      { code: 'E0307', line: 9, column: 14, message: '`mse` compares [4] with [2]: the shapes differ' },
      { code: 'E0301', line: 9, column: 29, message: '`dec` expects [2] but `x` is [4]' },
    ]);
  });
});
