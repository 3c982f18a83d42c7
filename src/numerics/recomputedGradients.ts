import * as tf from '@tensorflow/tfjs-core';

// tfjs's gradients of exp, sigmoid, tanh, softmax and pow read the op's saved
// *output*, and a saved output is a copy that the tape does not connect to
// the op's input (tfjs records the copy before the op itself). A first-order
// gradient is right, but differentiating it again misses the path through
// the output: the second derivative of exp comes out half of what it is,
// and a gradient penalty through a critic with sigmoid, tanh or softmax
// layers trained with a wrong gradient. These replacements recompute the
// output from the saved input with the same op, then apply tfjs's own
// formula, so first-order gradients are bit-identical and second-order ones
// are right. Generated code must perform the same registration.

type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => Record<string, () => tf.Tensor>;

const recomputed: readonly { kernelName: string; inputsToSave: string[]; gradFunc: GradFunc }[] = [
  { kernelName: 'Exp', inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.exp(x!)) }) },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const y = tf.sigmoid(x!);
        return tf.mul(dy, tf.mul(y, tf.sub(tf.scalar(1), y)));
      },
    }),
  },
  { kernelName: 'Tanh', inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.mul(tf.sub(tf.scalar(1), tf.square(tf.tanh(x!))), dy) }) },
  {
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, [logits], attrs) => ({
      logits: () => {
        const { dim } = attrs as unknown as tf.SoftmaxAttrs;
        const y = tf.softmax(logits!, dim);
        const dyTimesY = tf.mul(dy, y);
        return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y));
      },
    }),
  },
  {
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => {
      const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
      const reduced = (t: tf.Tensor, shape: number[]): tf.Tensor => {
        const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
        return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
      };
      return {
        a: () => {
          const exponent = tf.cast(b!, 'float32');
          return reduced(tf.mul(dy, tf.mul(exponent, tf.pow(a!, tf.sub(exponent, tf.scalar(1))))), a!.shape);
        },
        b: () => {
          // d(a^b)/db = a^b·log(a), zero where a ≤ 0 (tfjs's convention).
          const logBase = tf.where(tf.greater(a!, 0), tf.log(a!), tf.zerosLike(a!));
          return reduced(tf.mul(dy, tf.mul(tf.pow(a!, b!), logBase)), b!.shape);
        },
      };
    },
  },
];

/** Replaces tfjs's gradients of the ops above (again is harmless: the same functions). */
export function registerRecomputedGradients(): void {
  for (const { kernelName, inputsToSave, gradFunc } of recomputed) {
    tf.registerGradient({ kernelName, inputsToSave, gradFunc: gradFunc as tf.GradConfig['gradFunc'] });
  }
}
