// The forward pass of the small image classifier `aeganc eval` measures
// generated images with (weights: assets/classifiers, trained by
// tools/classifier/train.py). Two 5×5 convolutions with max pooling, a dense
// layer of 64 whose ReLU output is the feature vector, and 10 logits.

import { tf, type Tensor } from '../tf.js';

export interface ClassifierWeights {
  readonly tensors: ReadonlyMap<string, { readonly shape: readonly number[]; readonly values: Float32Array }>;
}

export interface ClassifierOutputs {
  /** [N, featureSize] penultimate activations (after the ReLU). */
  readonly features: Float32Array;
  /** [N, classes] softmax probabilities. */
  readonly probabilities: Float32Array;
  readonly count: number;
  readonly featureSize: number;
  readonly classes: number;
}

const BATCH = 500;

/** The classifier's weights as tensors; dispose with `disposeClassifier`. */
export function classifierTensors(weights: ClassifierWeights): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [name, { shape, values }] of weights.tensors) out.set(name, tf.tensor(values, [...shape], 'float32'));
  return out;
}

function forward(w: ReadonlyMap<string, Tensor>, images: Tensor): [Tensor, Tensor] {
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`classifier weights lack ${name}`);
    return t;
  };
  const conv = (x: Tensor, layer: string): Tensor => {
    const convolved = tf.add(tf.conv2d(x as tf.Tensor4D, get(`${layer}.kernel`) as tf.Tensor4D, 1, 'valid'), get(`${layer}.bias`));
    return tf.maxPool(tf.relu(convolved) as tf.Tensor4D, 2, 2, 'valid');
  };
  const h = conv(conv(images, 'conv1'), 'conv2');
  const flat = tf.reshape(h, [h.shape[0]!, -1]);
  const features = tf.relu(tf.add(tf.matMul(flat as tf.Tensor2D, get('dense1.kernel') as tf.Tensor2D), get('dense1.bias')));
  const logits = tf.add(tf.matMul(features as tf.Tensor2D, get('dense2.kernel') as tf.Tensor2D), get('dense2.bias'));
  return [features, tf.softmax(logits)];
}

/**
 * Features and class probabilities of `count` images [count, 28, 28, 1] with
 * pixels in 0..1 (0 = background), in batches so memory stays small.
 */
export async function classify(weights: ClassifierWeights, images: Float32Array, count: number): Promise<ClassifierOutputs> {
  const w = classifierTensors(weights);
  const featureSize = weights.tensors.get('dense1.bias')!.shape[0]!;
  const classes = weights.tensors.get('dense2.bias')!.shape[0]!;
  const features = new Float32Array(count * featureSize);
  const probabilities = new Float32Array(count * classes);
  try {
    for (let start = 0; start < count; start += BATCH) {
      const n = Math.min(BATCH, count - start);
      const [f, p] = tf.tidy(() => forward(w, tf.tensor(images.subarray(start * 784, (start + n) * 784), [n, 28, 28, 1])));
      features.set((await f!.data()) as Float32Array, start * featureSize);
      probabilities.set((await p!.data()) as Float32Array, start * classes);
      tf.dispose([f!, p!]);
    }
  } finally {
    tf.dispose([...w.values()]);
  }
  return { features, probabilities, count, featureSize, classes };
}
