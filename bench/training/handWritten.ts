// The hand-written tfjs loop of each workload: what a tfjs user writes for the
// same model (tf.variable weights, Keras's glorot_uniform or the spec's
// normal init, tf.train.adam, optimizer.minimize, the loss read back each step).
import { tf } from '../../src/numerics/tf.js';
import type { IrModule } from '../../src/ir/types.js';
import type { WorkloadName } from './workloads.js';

export interface Implementation {
  step(): Promise<number>;
  dispose(): void;
}

type T = tf.Tensor;

function batchAt(data: Float32Array, batch: number, step: number, scale: (x: T) => T = (x) => x): tf.Tensor4D {
  const count = data.length / 784;
  const start = ((step * batch) % (count - batch + 1)) * 784;
  return tf.tidy(() => scale(tf.tensor4d(data.subarray(start, start + batch * 784), [batch, 28, 28, 1]))) as tf.Tensor4D;
}

export function handWritten(workload: WorkloadName, ir: IrModule, data: Float32Array, batch: number): Implementation {
  const weights = new Map(
    ir.weights.map((w) => {
      const limit = Math.sqrt(6 / (w.fanIn + w.fanOut));
      const init = w.init.kind === 'zeros' ? tf.zeros([...w.shape]) : w.init.kind === 'ones' ? tf.ones([...w.shape]) : w.init.kind === 'normal' ? tf.randomNormal([...w.shape], 0, 0.02) : tf.randomUniform([...w.shape], -limit, limit);
      return [w.id, tf.variable(init)];
    }),
  );
  const w = (id: string) => weights.get(id)!;
  const dense = (x: T, id: string) => tf.add(tf.matMul(x as tf.Tensor2D, w(`${id}/kernel`) as tf.Tensor2D), w(`${id}/bias`));
  const conv = (x: T, id: string) => tf.add(tf.conv2d(x as tf.Tensor4D, w(`${id}/kernel`) as tf.Tensor4D, 2, 'same'), w(`${id}/bias`));
  const deconv = (x: T, id: string, out: [number, number, number, number]) => tf.add(tf.conv2dTranspose(x as tf.Tensor4D, w(`${id}/kernel`) as tf.Tensor4D, out, 2, 'same'), w(`${id}/bias`));
  const flat = (x: T) => tf.reshape(x, [x.shape[0]!, -1]);
  let n = 0;
  const disposeAll = (extra: tf.Optimizer[]) => () => {
    tf.dispose([...weights.values()]);
    extra.forEach((o) => o.dispose());
  };

  if (workload !== 'dcgan') {
    const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
    const forward = (x: tf.Tensor4D): T => {
      if (workload === 'mlp-ae') {
        const h = tf.relu(dense(tf.relu(dense(flat(x), 'encoder/dense_1')), 'encoder/dense_2'));
        return tf.reshape(tf.sigmoid(dense(tf.relu(dense(h, 'decoder/dense_1')), 'decoder/dense_2')), x.shape);
      }
      const c2 = tf.relu(conv(tf.relu(conv(x, 'encoder/conv2d_1')), 'encoder/conv2d_2'));
      const h = tf.reshape(tf.relu(dense(dense(flat(c2), 'encoder/dense_1'), 'decoder/dense_1')), [batch, 7, 7, 64]);
      const t1 = tf.relu(deconv(h, 'decoder/conv2d_transpose_1', [batch, 14, 14, 32]));
      return tf.sigmoid(deconv(t1, 'decoder/conv2d_transpose_2', [batch, 28, 28, 1]));
    };
    return {
      async step() {
        const x = batchAt(data, batch, n++);
        const loss = optimizer.minimize(() => tf.mean(tf.square(tf.sub(x, forward(x)))) as tf.Scalar, true)!;
        const value = (await loss.data())[0]!;
        tf.dispose([x, loss]);
        return value;
      },
      dispose: disposeAll([optimizer]),
    };
  }

  // DCGAN: batchnorm in training mode (batch statistics, moving averages kept as Keras does).
  const moving = new Map(ir.state.map((s) => [s.id, tf.variable(s.id.endsWith('variance') ? tf.ones([...s.shape]) : tf.zeros([...s.shape]), false)]));
  const batchnorm = (x: T, id: string, axes: number[]) => {
    const { mean, variance } = tf.moments(x, axes);
    for (const [name, value] of [['moving_mean', mean], ['moving_variance', variance]] as const) {
      const v = moving.get(`${id}/${name}`)!;
      v.assign(tf.add(tf.mul(v, 0.99), tf.mul(value, 0.01)));
    }
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-3))), w(`${id}/gamma`)), w(`${id}/beta`));
  };
  const G = (z: T): T => {
    const h = tf.leakyRelu(batchnorm(dense(z, 'G/dense_1'), 'G/batchnorm_1', [0]), 0.2);
    const t1 = tf.leakyRelu(batchnorm(deconv(tf.reshape(h, [batch, 7, 7, 128]), 'G/conv2d_transpose_1', [batch, 14, 14, 64]), 'G/batchnorm_2', [0, 1, 2]), 0.2);
    return tf.tanh(deconv(t1, 'G/conv2d_transpose_2', [batch, 28, 28, 1]));
  };
  const D = (x: T): T => dense(flat(tf.leakyRelu(conv(tf.leakyRelu(conv(x, 'D/conv2d_1'), 0.2), 'D/conv2d_2'), 0.2)), 'D/dense_1');
  const bceLogits = (target: number, logits: T) => tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, target), logits);
  const optD = tf.train.adam(2e-4, 0.5, 0.999, 1e-7);
  const optG = tf.train.adam(2e-4, 0.5, 0.999, 1e-7);
  const dVars = ir.weights.filter((x) => x.id.startsWith('D/')).map((x) => w(x.id));
  const gVars = ir.weights.filter((x) => x.id.startsWith('G/')).map((x) => w(x.id));
  return {
    async step() {
      const x = batchAt(data, batch, n++, (t) => tf.sub(tf.mul(t, 2), 1));
      const dLoss = optD.minimize(() => tf.tidy(() => tf.add(bceLogits(1, D(x)), bceLogits(0, D(G(tf.randomNormal([batch, 100])))))) as tf.Scalar, true, dVars)!;
      const gLoss = optG.minimize(() => bceLogits(1, D(G(tf.randomNormal([batch, 100])))) as tf.Scalar, true, gVars)!;
      const [, value] = await Promise.all([dLoss.data(), gLoss.data()]);
      tf.dispose([x, dLoss, gLoss]);
      return value[0]!;
    },
    dispose: () => {
      disposeAll([optD, optG])();
      tf.dispose([...moving.values()]);
    },
  };
}
