import { tf, type Tensor } from '../tf.js';
import { reduceLoss } from './reduce.js';
import { oneHotLabels } from '../labels.js';
import { stopGradient } from '../stopGradient.js';

// The reconstruction and adversarial losses. `target` may be a scalar (a
// number in the spec, e.g. `bce_logits(1, D(x))`); it broadcasts.

/** Ops: square(sub(t, p)) → reduceLoss. */
export function mseLoss(target: Tensor, pred: Tensor, reduce: 'mean' | 'sum'): Tensor {
  return reduceLoss(tf.square(tf.sub(target, pred)), reduce);
}

/** Ops: abs(sub(t, p)) → reduceLoss. */
export function l1Loss(target: Tensor, pred: Tensor, reduce: 'mean' | 'sum'): Tensor {
  return reduceLoss(tf.abs(tf.sub(target, pred)), reduce);
}

/** Keras's clip of a probability before its log. */
export const BCE_EPSILON = 1e-7;

/**
 * Ops: p = clipByValue(pred, 1e-7, 1 - 1e-7);
 *   neg(add(mul(t, log(p)), mul(sub(1, t), log(sub(1, p))))) → reduceLoss.
 */
export function bceLoss(target: Tensor, pred: Tensor, reduce: 'mean' | 'sum'): Tensor {
  const p = tf.clipByValue(pred, BCE_EPSILON, 1 - BCE_EPSILON);
  const positive = tf.mul(target, tf.log(p));
  const negative = tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)));
  return reduceLoss(tf.neg(tf.add(positive, negative)), reduce);
}

/**
 * The numerically stable form. Ops:
 *   add(sub(relu(x), mul(x, t)), log1p(exp(neg(abs(x))))) → reduceLoss
 * (log1p(y) is docs/ir.md's log(1 + y), computed more accurately).
 */
export function bceLogitsLoss(target: Tensor, logits: Tensor, reduce: 'mean' | 'sum'): Tensor {
  const linear = tf.sub(tf.relu(logits), tf.mul(logits, target));
  const softplusPart = tf.log1p(tf.exp(tf.neg(tf.abs(logits))));
  return reduceLoss(tf.add(linear, softplusPart), reduce);
}

/**
 * log-softmax over the last axis, as tf.logSoftmax computes it but from
 * differentiable ops: tf.logSoftmax's custom gradient reads its saved output,
 * which a second derivative cannot follow (see recomputedGradients.ts). The
 * shift by the maximum is a constant to the gradient, as there. Ops:
 *   shifted = sub(x, stopGradient(max(x, -1, keepDims)));
 *   sub(shifted, log(sum(exp(shifted), -1, keepDims)))
 */
export function logSoftmax(logits: Tensor): Tensor {
  const shifted = tf.sub(logits, stopGradient(tf.max(logits, -1, true)));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

/**
 * Softmax cross-entropy. `labels` is int32 [B] (a class[K] value, one-hot
 * encoded first) or a distribution [B, K]. Ops:
 *   neg(sum(mul(labels, logSoftmax(logits)), -1)) → mean over the batch.
 */
export function crossEntropyLoss(labels: Tensor, logits: Tensor, classes: number): Tensor {
  const distribution = labels.dtype === 'int32' ? oneHotLabels(labels, classes) : labels;
  const perExample = tf.neg(tf.sum(tf.mul(distribution, logSoftmax(logits)), -1));
  return tf.mean(perExample);
}
