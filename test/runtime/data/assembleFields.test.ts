import { describe, expect, it } from 'vitest';
import { mapRange, shapeFits } from '../../../src/host/data/assembleFields.js';

describe('shapeFits', () => {
  it('accepts equal shapes, and a flat side with the same number of values', () => {
    expect(shapeFits([28, 28, 1], [28, 28, 1])).toBe(true);
    expect(shapeFits([784], [28, 28, 1])).toBe(true);
    expect(shapeFits([28, 28, 1], [784])).toBe(true);
  });

  it('accepts a grey image declared without its channel axis, as Keras\'s MNIST arrays are', () => {
    expect(shapeFits([28, 28], [28, 28, 1])).toBe(true);
    expect(shapeFits([28, 28, 1], [28, 28])).toBe(true);
  });

  it('rejects other sizes, and two different non-flat shapes of one size', () => {
    expect(shapeFits([28, 28, 1], [32, 32, 1])).toBe(false);
    expect(shapeFits([28, 28], [28, 28, 3])).toBe(false);
    expect(shapeFits([49, 16], [28, 28, 1])).toBe(false);
    expect(shapeFits([100], [28, 28, 1])).toBe(false);
  });
});

describe('mapRange', () => {
  it('maps the stored range linearly onto the target', () => {
    expect(mapRange(Uint8Array.from([0, 255, 51]), [0, 255], [-1, 1])).toEqual(Float32Array.from([-1, 1, -0.6]));
    expect(mapRange(Float64Array.from([0.25, 2]), [0, 1], [0, 1])).toEqual(Float32Array.from([0.25, 2]));
  });
});
