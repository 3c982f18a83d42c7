// Is tfjs's fused matmul (product + bias [+ relu] in one kernel, with its own
// gradient) faster than the dense layer's add(matMul) on our wasm backend?
// One training step of the MLP AE 784-256-64-256-784 (gradients of the
// weights only, as a step takes them), three ways interleaved in one process:
// `npx tsx bench/fusedDense.ts [--backend wasm|cpu] [--rounds N]`.
// Measured on 2026-12-01 (wasm, batch 128, load ~8): fused bias 1.25× the
// unfused step time (106 kernels against 78), fused bias + relu 1.06× (85):
// the fused op's gradient is a customGrad, which computes the input gradient
// of the first layer too (a 128×784×256 product nobody asked for) and
// reshapes to 3-D around each product. In the interpreter's MLP AE step the
// fused dense layer was 1.15× slower, in the conv AE 1.01×; so the dense layer
// stays unfused (README, Performance).
import { tf } from '../src/numerics/tf.js';
import { selectBackend } from '../src/host/backend.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const backend = option('--backend', 'wasm');
const rounds = Number(option('--rounds', '30'));
const batch = 128;
const sizes = [784, 256, 64, 256, 784];

if (!(await selectBackend(backend as 'wasm')).value) throw new Error(`backend ${backend} unavailable`);
const x = tf.randomUniform([batch, 784], 0, 1, 'float32', 1);
const weights = sizes.slice(1).flatMap((out, i) => [tf.randomNormal([sizes[i]!, out], 0, 0.05, 'float32', i + 2), tf.zeros([out])]);

type Layer = (h: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor, relu: boolean) => tf.Tensor2D;
const variants: Record<string, Layer> = {
  unfused: (h, k, b, relu) => {
    const y = tf.add(tf.matMul(h, k), b) as tf.Tensor2D;
    return relu ? (tf.relu(y) as tf.Tensor2D) : y;
  },
  'fused bias': (h, k, b, relu) => {
    const y = tf.fused.matMul({ a: h, b: k, bias: b }) as tf.Tensor2D;
    return relu ? (tf.relu(y) as tf.Tensor2D) : y;
  },
  'fused bias+relu': (h, k, b, relu) => tf.fused.matMul({ a: h, b: k, bias: b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D,
};

function step(layer: Layer): void {
  tf.tidy(() => {
    const { grads } = tf.engine().gradients(() => {
      let h = x as tf.Tensor2D;
      for (let l = 0; l < 4; l++) h = layer(h, weights[2 * l] as tf.Tensor2D, weights[2 * l + 1]!, l < 3);
      return tf.mean(tf.square(tf.sub(tf.sigmoid(h), x))) as tf.Scalar;
    }, weights);
    return grads;
  });
}

const times = new Map<string, number[]>(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < rounds + 3; r++) {
  for (const [name, layer] of Object.entries(variants)) {
    const started = performance.now();
    step(layer);
    if (r >= 3) times.get(name)!.push(performance.now() - started);
  }
}
const median = (a: readonly number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!;
const base = times.get('unfused')!;
for (const [name, layer] of Object.entries(variants)) {
  const kernels = (await tf.profile(() => step(layer))).kernels.length;
  const ratio = median(times.get(name)!.map((t, i) => t / base[i]!));
  console.log(`${name.padEnd(16)} ${median(times.get(name)!).toFixed(1).padStart(7)} ms  ${String(kernels).padStart(4)} kernels  ${ratio.toFixed(3)}× unfused`);
}
