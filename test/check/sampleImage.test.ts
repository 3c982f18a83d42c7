import { describe, it } from 'vitest';
import { AE, expectClean, expectDiagnostics } from './harness.js';

const STEP = '  step s: minimize recon over enc, dec with adam()\n  steps 10';

describe('E0412: a `sample` no image grid can show', () => {
  it('a 2-wide code is not an image (train would write no grids)', () => {
    expectDiagnostics(AE({ train: `${STEP}\n  sample enc(x) every 5` }), [
      {
        code: 'E0412',
        line: 13,
        column: 10,
        message: '`sample` draws values shaped [2], which no image grid can show',
        hint: /\[H, W, C\] with C = 1, 3 or 4, \[H, W\], or \[N\] with N a square \(784 = 28×28\)/,
      },
    ]);
  });

  it('[H, W, C] needs 1, 3 or 4 channels', () => {
    const spec = AE({ train: `${STEP}\n  sample up(x) every 5`, extra: 'network up(v: [4]) -> [2, 2, 2] {\n  dense(8)\n  reshape([2, 2, 2])\n}\n' });
    expectDiagnostics(spec, [{ code: 'E0412', line: 17, column: 10, message: '`sample` draws values shaped [2, 2, 2], which no image grid can show' }]);
  });

  it('a square vector, [H, W] and [H, W, 3] are images', () => {
    expectClean(AE({ train: `${STEP}\n  sample dec(enc(x)) every 5` }));
    const rgb = AE({ train: `${STEP}\n  sample up(x) every 5\n  sample flat(x) every 5`, extra: 'network up(v: [4]) -> [2, 2, 3] {\n  dense(12)\n  reshape([2, 2, 3])\n}\nnetwork flat(v: [4]) -> [2, 3] {\n  dense(6)\n  reshape([2, 3])\n}\n' });
    expectClean(rgb);
  });
});
