// The two benchmark workloads as plain tfjs (an MLP and a conv autoencoder,
// MSE, Adam), built from a fixed seed so that every process that builds one
// starts from the same weights and trains on the same batch.

import { tf } from '../../src/numerics/tf.js';

export type WorkloadName = 'mlp' | 'conv';

export interface Workload {
  readonly variables: tf.Variable[];
  readonly forward: (x: tf.Tensor) => tf.Tensor;
  /** A batch of `rows` examples; rows [from, from + rows) of the fixed batch. */
  readonly batch: (from: number, rows: number) => tf.Tensor;
}

export function buildWorkload(name: WorkloadName, batchSize: number): Workload {
  let seed = 1;
  const weight = (shape: number[], fanIn: number) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed++));
  const zeros = (shape: number[]) => tf.variable(tf.zeros(shape));
  const inputShape = name === 'mlp' ? [784] : [28, 28, 1];
  const all = tf.randomUniform([batchSize, ...inputShape], 0, 1, 'float32', 99);
  const batch = (from: number, rows: number) => tf.slice(all, [from, ...inputShape.map(() => 0)], [rows, ...inputShape]);
  if (name === 'mlp') {
    const sizes = [784, 256, 64, 256, 784];
    const layers = sizes.slice(1).map((out, i) => ({ w: weight([sizes[i]!, out], sizes[i]!), b: zeros([out]) }));
    return {
      variables: layers.flatMap((l) => [l.w, l.b]),
      batch,
      forward: (x) =>
        layers.reduce((h, l, i) => {
          const z = tf.add(tf.matMul(h, l.w), l.b);
          return i === layers.length - 1 ? tf.sigmoid(z) : tf.relu(z);
        }, x),
    };
  }
  const c1 = weight([3, 3, 1, 32], 9);
  const c2 = weight([3, 3, 32, 64], 9 * 32);
  const d1 = weight([3136, 16], 3136);
  const d2 = weight([16, 3136], 16);
  const t1 = weight([3, 3, 32, 64], 9 * 64);
  const t2 = weight([3, 3, 1, 32], 9 * 32);
  const biases = [zeros([32]), zeros([64]), zeros([16]), zeros([3136]), zeros([32]), zeros([1])];
  const [b1, b2, b3, b4, b5, b6] = biases as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const as4d = (t: tf.Tensor) => t as tf.Tensor4D;
  return {
    variables: [c1, c2, d1, d2, t1, t2, ...biases],
    batch,
    forward: (x) => {
      const n = x.shape[0]!;
      let h = as4d(tf.relu(tf.add(tf.conv2d(as4d(x), as4d(c1), 2, 'same'), b1)));
      h = as4d(tf.relu(tf.add(tf.conv2d(h, as4d(c2), 2, 'same'), b2)));
      const code = tf.relu(tf.add(tf.matMul(tf.reshape(h, [n, 3136]), d1), b3));
      h = tf.reshape(tf.relu(tf.add(tf.matMul(code, d2), b4)), [n, 7, 7, 64]);
      h = as4d(tf.relu(tf.add(tf.conv2dTranspose(h, as4d(t1), [n, 14, 14, 32], 2, 'same'), b5)));
      return tf.sigmoid(tf.add(tf.conv2dTranspose(h, as4d(t2), [n, 28, 28, 1], 2, 'same'), b6));
    },
  };
}

/** The mean squared error of a batch and the gradient of every variable, in the workload's order. */
export function lossAndGradients(workload: Workload, x: tf.Tensor): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(x, workload.forward(x)) as tf.Scalar, workload.variables);
  return { loss: value, grads: workload.variables.map((v) => grads[v.name]!) };
}

export function parameterCount(workload: Workload): number {
  return workload.variables.reduce((sum, v) => sum + v.size, 0);
}
