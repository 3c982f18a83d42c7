// Shape arithmetic the op tables and the checker share. It lives in the IR
// because the shape rules in ./layers.ts are backend-independent facts.

import type { Shape } from '../types.js';

export function elementCount(shape: Shape): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/** Output size of a convolution or pool along one axis, as TensorFlow computes it. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** Output size of a transposed convolution along one axis (tfjs conv2dTranspose). */
export function deconvOutputSize(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? size * stride : (size - 1) * stride + kernel;
}
