// Declared shapes and the size a tensor may have: tfjs indexes tensors with
// 32-bit integers, so the checker refuses any shape past that before training.

import type { Expr, Span } from '../parser/ast.js';
import type { Shape } from '../ir/types.js';
import type { Reporter } from './context.js';
import { checkLimit, evaluateConstant, isPositiveInteger, type ConstantScope, type Limit } from './constants.js';
import { MAX_TENSOR_ELEMENTS, formatCount } from '../ir/limits.js';
import { elementCount, formatShape } from './shapes.js';

export const TENSOR_LIMIT: Limit = { max: MAX_TENSOR_ELEMENTS, why: `tfjs indexes a tensor with 32-bit integers, so no tensor holds more than ${formatCount(MAX_TENSOR_ELEMENTS)} elements` };

/** A declared shape `[28, 28, 1]` with params resolved; undefined after reporting. */
export function evaluateShape(dims: readonly Expr[], scope: ConstantScope, reporter: Reporter, span?: Span): Shape | undefined {
  const values = dims.map((dim) => {
    const value = evaluateConstant(dim, scope, reporter, 'a dimension');
    if (value === undefined) return undefined;
    if (!isPositiveInteger(value)) {
      reporter.report('InvalidDimension', dim.span, { value: String(value) }, { hint: 'dimensions count elements: 1, 2, 3, …' });
      return undefined;
    }
    return checkLimit(value, dim, reporter, 'a dimension', TENSOR_LIMIT) ? value : undefined;
  });
  if (values.some((v) => v === undefined)) return undefined;
  const shape = values as number[];
  return span && !checkElementCount(shape, 'one example of this shape', span, reporter) ? undefined : shape;
}

/** E0314 when a tensor of `shape` could not exist; true when it can. */
export function checkElementCount(shape: Shape, what: string, span: Span, reporter: Reporter): boolean {
  const count = elementCount(shape);
  if (count <= MAX_TENSOR_ELEMENTS) return true;
  reporter.report('TensorTooLarge', span, { what: `${what} (${formatShape(shape)})`, count: formatCount(count), limit: formatCount(MAX_TENSOR_ELEMENTS) }, { hint: TENSOR_LIMIT.why });
  return false;
}
