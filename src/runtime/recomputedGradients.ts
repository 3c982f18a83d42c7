import * as tf from '@tensorflow/tfjs-core';

// tfjs computes the gradients of Tanh, Sigmoid and Softmax from the op's saved
// OUTPUT. In a second-order gradient (gradient_penalty, r1_penalty) the path
// through that saved copy is lost: tfjs records the copy on the tape before the
// op that made it, so the copy is never found to depend on the op's input, and
// the second derivative silently misses every term through it (a tanh critic's
// penalty gradient was wrong by O(1); test/numerics/pytorch.test.ts). These
// replacements save the INPUT and recompute the output from it: the same
// values in first order, and the full derivative in second order. Generated
// code must perform the same registration.
export function registerRecomputedGradients(): void {
  tf.registerGradient({
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(x)))) };
    },
  });
  tf.registerGradient({
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return {
        x: () => {
          const y = tf.sigmoid(x);
          return tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y)));
        },
      };
    },
  });
  tf.registerGradient({
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, saved, attrs) => {
      const [logits] = saved as [tf.Tensor];
      const dim = (attrs as { dim: number }).dim;
      return {
        logits: () => {
          const y = tf.softmax(logits, dim);
          const dyTimesY = tf.mul(dy as tf.Tensor, y);
          return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y));
        },
      };
    },
  });
}
