import { tf, type Tensor } from '../tf.js';

// How batched values become scalars (docs/ir.md, Values). A batched value is
// [B, ...shape]; the per-example reduction runs first, the batch mean last,
// always in this order so both back ends sum in the same order.

/** Ops: mean(reshape(x, [B, -1]), 1), or identity for an already [B] value. */
export function perExampleMean(x: Tensor): Tensor {
  return x.rank === 1 ? x : tf.mean(tf.reshape(x, [x.shape[0]!, -1]), 1);
}

/** Ops: sum(reshape(x, [B, -1]), 1), or identity for an already [B] value. */
export function perExampleSum(x: Tensor): Tensor {
  return x.rank === 1 ? x : tf.sum(tf.reshape(x, [x.shape[0]!, -1]), 1);
}

/** A loss's reduction: per-example mean (or sum), then mean over the batch. */
export function reduceLoss(elementwise: Tensor, reduce: 'mean' | 'sum'): Tensor {
  const perExample = reduce === 'sum' ? perExampleSum(elementwise) : perExampleMean(elementwise);
  return tf.mean(perExample);
}

/** `mean(v)`: mean over the batch and every element; identity on a scalar. */
export function meanAll(x: Tensor): Tensor {
  return x.rank === 0 ? x : tf.mean(x);
}

/** `sum(v)`: sum over the example's elements, then mean over the batch; identity on a scalar. */
export function sumExamples(x: Tensor): Tensor {
  return x.rank === 0 ? x : tf.mean(perExampleSum(x));
}
