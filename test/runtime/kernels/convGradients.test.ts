// Our conv kernels (Conv2DBackpropFilter on wasm and cpu, the sub-pixel
// Conv2DBackpropInput on wasm) against tfjs's own cpu kernels, through tf.grads
// on conv2d and conv2d_transpose, strides 1 and 2, both paddings, even and odd
// sizes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels, unregisterWasmKernels } from '../../../src/numerics/kernels/wasm/registerWasmKernels.js';
import { tf } from '../../../src/numerics/tf.js';
import { relativeError, runOn, runOnReference, seededTensor, use, type BackendName } from './harness.js';

type Padding = 'same' | 'valid';
const TOLERANCE = 1e-5;

interface ConvCase {
  readonly input: [number, number, number, number];
  readonly kernel: number;
  readonly filters: number;
  readonly stride: 1 | 2 | [number, number];
  readonly padding: Padding;
}

function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const stride of [1, 2] as const) {
    for (const padding of ['same', 'valid'] as const) {
      for (const [size, kernel] of [[8, 3], [8, 4], [7, 3], [14, 4], [5, 2]] as const) {
        cases.push({ input: [3, size, size, 2], kernel, filters: 5, stride, padding });
      }
    }
  }
  // Unequal strides: not in the language, but the kernels accept them.
  cases.push({ input: [2, 8, 6, 3], kernel: 3, filters: 4, stride: [2, 1], padding: 'same' });
  cases.push({ input: [2, 6, 8, 3], kernel: 4, filters: 4, stride: [1, 2], padding: 'valid' });
  return cases;
}

/** The loss Σ conv(x, w)·r, so every output element gets its own upstream gradient. */
function convGradients(c: ConvCase): tf.Tensor[] {
  const x = seededTensor(c.input, 1);
  const w = seededTensor([c.kernel, c.kernel, c.input[3], c.filters], 2);
  const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.padding);
  const r = seededTensor(y.shape, 3);
  const grads = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.stride, c.padding), r)),
  )([x, w]);
  return [y, ...grads];
}

function transposeOutputShape(c: ConvCase): [number, number, number, number] {
  const [n, h, w] = c.input;
  const [sh, sw] = typeof c.stride === 'number' ? [c.stride, c.stride] : c.stride;
  const grow = (size: number, s: number): number => (c.padding === 'same' ? size * s : (size - 1) * s + c.kernel);
  return [n, grow(h, sh), grow(w, sw), c.filters];
}

function transposeGradients(c: ConvCase): tf.Tensor[] {
  const x = seededTensor(c.input, 4);
  // conv2d_transpose filters are [k, k, out channels, in channels].
  const w = seededTensor([c.kernel, c.kernel, c.filters, c.input[3]], 5);
  const outShape = transposeOutputShape(c);
  const apply = (xs: tf.Tensor, ws: tf.Tensor): tf.Tensor4D =>
    tf.conv2dTranspose(xs as tf.Tensor4D, ws as tf.Tensor4D, outShape, c.stride, c.padding);
  const y = apply(x, w);
  const r = seededTensor(y.shape, 6);
  const grads = tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.mul(apply(xs, ws), r)))([x, w]);
  return [y, ...grads];
}

function name(c: ConvCase): string {
  return `${c.input.slice(1).join('×')} k${c.kernel} s${String(c.stride)} ${c.padding}`;
}

async function expectBackendAgrees(backend: BackendName, compute: () => tf.Tensor[]): Promise<void> {
  const reference = await runOnReference(compute);
  const actual = await runOn(backend, compute);
  const labels = ['output', 'dx', 'dw'];
  reference.forEach((ref, i) => {
    const error = relativeError(actual[i], ref);
    expect(error, `${labels[i]} relative error`).toBeLessThan(TOLERANCE);
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`${backend} conv2d gradients match tfjs's cpu kernels`, () => {
    for (const c of convCases()) {
      it(`conv2d ${name(c)}`, async () => {
        await expectBackendAgrees(backend, () => convGradients(c));
      });
    }
  });
}

describe("cpu conv2d_transpose gradients match tfjs's cpu kernels", () => {
  for (const c of convCases()) {
    it(`conv2d_transpose ${name(c)}`, async () => {
      await expectBackendAgrees('cpu', () => transposeGradients(c));
    });
  }
});

// Conv2DBackpropInput has two ways to run the sub-pixel phases; check both.
for (const strategy of ['auto', 'common', 'perPhase'] as const) {
  describe(`wasm conv2d_transpose forward and gradients match tfjs's cpu kernels (sub-pixel strategy ${strategy})`, () => {
    beforeAll(async () => {
      await use('wasm');
      unregisterWasmKernels(['conv2DBackpropInput']);
      registerWasmKernels(['conv2DBackpropInput'], { subPixelStrategy: strategy });
    });
    afterAll(() => {
      unregisterWasmKernels(['conv2DBackpropInput']);
      registerWasmKernels(['conv2DBackpropInput']);
    });
    for (const c of convCases()) {
      it(`conv2d_transpose ${name(c)}`, async () => {
        await expectBackendAgrees('wasm', () => transposeGradients(c));
      });
    }
  });
}
