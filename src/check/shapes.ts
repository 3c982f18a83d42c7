import type { Shape } from '../ir/types.js';

export function formatShape(shape: Shape): string {
  return shape.length === 0 ? 'a scalar' : `[${shape.join(', ')}]`;
}

export { convOutputSize, deconvOutputSize, elementCount, sameShape } from '../ir/ops/shapeArithmetic.js';
