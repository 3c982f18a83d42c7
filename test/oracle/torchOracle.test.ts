// The oracle itself: its wire format, its errors, its one place of layout
// conversions (the spec's NHWC / HWIO / tfjs conv_transpose and dense kernels
// against torch's NCHW / OIHW / IOHW / [out, in]), and TF's 'same' padding.
import { afterAll, describe, expect, it } from 'vitest';
import { startOracleOrSkip } from './torchOracle.js';

const oracle = await startOracleOrSkip('the torch oracle tests');

/** 0, 1, 2, … in a tensor of `shape`: every entry names its own row-major index. */
const iota = (shape: number[]) => ({ shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i) });

/** The row-major index of `at` in `shape`. */
const indexOf = (shape: readonly number[], at: readonly number[]) => at.reduce((sum, a, k) => sum * shape[k]! + a, 0);

describe.skipIf(!oracle)('torch oracle', () => {
  afterAll(() => oracle?.close());

  it('round-trips float64, float32 and int32 tensors, and reports the torch version', async () => {
    expect(oracle!.torchVersion).toMatch(/^\d+\.\d+/);
    const [a, b, c] = await oracle!.runAll([
      { op: 'snippet', attrs: { code: 'outputs = {"y": inputs["x"] * 2}' }, inputs: { x: { shape: [3], data: Float64Array.of(1.5, -2, 1e-300) } } },
      { op: 'snippet', attrs: { code: 'outputs = {"y": inputs["x"] + 0}' }, inputs: { x: { shape: [2], data: Float32Array.of(0.1, 3) } } },
      { op: 'snippet', attrs: { code: 'outputs = {"y": inputs["x"] * 3}' }, inputs: { x: { shape: [2, 1], data: Int32Array.of(-4, 7) } } },
    ]);
    expect(Array.from(a!.outputs['y']!.data)).toEqual([3, -4, 2e-300]);
    expect(Array.from(b!.outputs['y']!.data)).toEqual([Math.fround(0.1), 3]);
    expect(c!.outputs['y']).toEqual({ shape: [2, 1], data: Float64Array.of(-12, 21) });
  });

  it('answers first- and second-order gradients', async () => {
    // y = x³·w: dy/dx = 3x²w, and d/dw of sum(dy/dx) = 3x².
    const answer = await oracle!.run({
      op: 'snippet',
      attrs: { code: 'outputs = {"y": inputs["x"] ** 3 * inputs["w"]}' },
      inputs: { x: { shape: [2], data: Float64Array.of(1, 2) }, w: { shape: [], data: Float64Array.of(5) } },
      grad: { of: 'y', wrt: ['x'] },
      grad2: { wrt: ['w'] },
    });
    expect(Array.from(answer.grads['x']!.data)).toEqual([15, 60]);
    expect(Array.from(answer.grads2['w']!.data)).toEqual([15]);
  });

  it('rejects only the failing request of a batch, with torch\'s message', async () => {
    const [bad, good] = oracle!.submit([
      { op: 'no_such_op' },
      { op: 'relu', inputs: { x: { shape: [2], data: Float64Array.of(-1, 2) } } },
    ]);
    await expect(bad!).rejects.toThrow(/op no_such_op: ValueError: unknown op 'no_such_op'/);
    expect(Array.from((await good!).outputs['y']!.data)).toEqual([0, 2]);
  });

  describe('layouts', () => {
    const convert = async (kind: string, shape: number[], direction = 'to_torch') =>
      (await oracle!.run({ op: 'layout', attrs: { kind, direction }, inputs: { x: iota(shape) } })).outputs['y']!;

    it('activation NHWC [B, H, W, C] → NCHW [B, C, H, W]', async () => {
      const shape = [2, 3, 4, 5];
      const y = await convert('activation', shape);
      expect(y.shape).toEqual([2, 5, 3, 4]);
      expect(y.data[indexOf(y.shape, [1, 4, 2, 3])]).toBe(indexOf(shape, [1, 2, 3, 4]));
    });

    it('conv2d kernel HWIO [k, k, in, out] → OIHW [out, in, k, k]', async () => {
      const shape = [3, 2, 4, 5];
      const y = await convert('conv_kernel', shape);
      expect(y.shape).toEqual([5, 4, 3, 2]);
      expect(y.data[indexOf(y.shape, [4, 1, 2, 0])]).toBe(indexOf(shape, [2, 0, 1, 4]));
    });

    it('conv2d_transpose kernel [k, k, out, in] → torch\'s [in, out, k, k]', async () => {
      const shape = [3, 2, 4, 5];
      const y = await convert('conv_transpose_kernel', shape);
      expect(y.shape).toEqual([5, 4, 3, 2]);
      expect(y.data[indexOf(y.shape, [4, 1, 2, 0])]).toBe(indexOf(shape, [2, 0, 1, 4]));
    });

    it('dense kernel [in, out] → nn.Linear weight [out, in]', async () => {
      const y = await convert('dense_kernel', [3, 2]);
      expect(y).toEqual({ shape: [2, 3], data: Float64Array.of(0, 2, 4, 1, 3, 5) });
    });

    it('every conversion is undone by its inverse', async () => {
      for (const kind of ['activation', 'conv_kernel', 'conv_transpose_kernel']) {
        const there = await convert(kind, [2, 3, 4, 5]);
        const back = (await oracle!.run({ op: 'layout', attrs: { kind, direction: 'from_torch' }, inputs: { x: { shape: there.shape, data: there.data } } })).outputs['y']!;
        expect(back).toEqual(iota([2, 3, 4, 5]));
      }
    });

    it("TF 'same' padding puts the odd pixel after (as tfjs): 6 → 3 with k 3, s 2 pads (0, 1)", async () => {
      const answer = await oracle!.run({
        op: 'snippet',
        attrs: { code: 'outputs = {"y": torch.tensor([layouts.same_pads(6, 3, 2), layouts.same_pads(5, 4, 2), layouts.same_pads(5, 3, 1), layouts.same_pads(4, 2, 2)])}' },
      });
      expect(Array.from(answer.outputs['y']!.data)).toEqual([0, 1, 1, 2, 1, 1, 0, 0]);
    });
  });
});
