// Trains the generated MNIST autoencoder for a few iterations and uses it.
// Usage: tsx src/main.ts [iterations]
import * as tf from '@tensorflow/tfjs';
import { createModel } from './model.js';
import { loadDigits } from './mnist.js';

const iterations = Number(process.argv[2] ?? 20);
await tf.setBackend('cpu');

const images = loadDigits(50);
const model = createModel({ seed: 1, batch: 64 });
await model.train({
  data: { x: images },
  steps: iterations,
  onStep: (iteration, losses) => console.log(`iteration ${iteration}: recon ${losses.recon.toFixed(5)}`),
});

const originals = tf.tensor4d(images.subarray(0, 8 * 784), [8, 28, 28, 1]);
const reconstructed = model.reconstruct(originals);
const error = tf.tidy(() => tf.mean(tf.square(tf.sub(originals, reconstructed))).dataSync()[0]!);
console.log(`reconstruction mse on 8 digits: ${error.toFixed(5)}`);

const saved = await model.save();
console.log(`saved ${saved.weightSpecs?.length} tensors after ${model.iteration} iterations`);
tf.dispose([originals, reconstructed]);
model.dispose();
