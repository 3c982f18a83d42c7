// Which declared example shapes can read which stored ones. The checker uses it
// for sources whose shape is known before any file is read (mnist,
// fashion_mnist); the loaders use it for everything else. One rule, one place.

import { elementCount } from './ops/shapeArithmetic.js';

/** Drops a trailing channel axis of 1: a grey image may be declared with or without it. */
function withoutUnitChannel(shape: readonly number[]): readonly number[] {
  return shape.length === 3 && shape[2] === 1 ? shape.slice(0, 2) : shape;
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * A declared shape fits the stored one if they are equal, equal but for a
 * trailing channel of 1 ([28, 28] reading 28×28×1 images, as Keras's MNIST
 * arrays are), or hold as many values with one of them flat (a [784] field
 * reading 28×28×1 images, a [28, 28, 1] field reading rows of 784), in C order.
 */
export function shapeFits(declared: readonly number[], stored: readonly number[]): boolean {
  if (same(declared, stored) || same(withoutUnitChannel(declared), withoutUnitChannel(stored))) return true;
  return elementCount(declared) === elementCount(stored) && (declared.length === 1 || stored.length === 1);
}
