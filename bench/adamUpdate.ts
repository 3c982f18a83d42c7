// CPU time of one Adam update of one weight: optimizers.ts's twelve-kernel op
// sequence against the fused kernel (src/numerics/kernels/adamUpdate.ts, the
// same numbers bit for bit), at a bias's and two matrices' sizes. What set
// WASM_FUSED_ADAM_MAX_SIZE. `npx tsx bench/adamUpdate.ts [wasm|cpu]`.
// CPU seconds, not wall: this machine is shared, and wall time swings with the load.
import { tf } from '../src/numerics/tf.js';
import { selectBackend } from '../src/host/backend.js';
import { fusedAdamUpdate } from '../src/numerics/kernels/adamUpdate.js';

const backend = (process.argv[2] ?? 'wasm') as 'wasm';
if (!(await selectBackend(backend)).value) throw new Error(`backend ${backend} unavailable`);
const o = { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const alpha = (o.lr * Math.sqrt(1 - o.beta2 ** 3)) / (1 - o.beta1 ** 3);

for (const shape of [[256], [64, 256], [784, 256]]) {
  const [w, g, m, v] = [0, 1, 2, 3].map(() => tf.randomUniform(shape, 0, 1));
  const ops = () =>
    tf.tidy(() => {
      const mm = tf.add(tf.mul(m!, o.beta1), tf.mul(g!, 1 - o.beta1));
      const vv = tf.add(tf.mul(v!, o.beta2), tf.mul(tf.square(g!), 1 - o.beta2));
      return [tf.sub(w!, tf.div(tf.mul(mm, alpha), tf.add(tf.sqrt(vv), o.epsilon))), mm, vv];
    });
  // Called directly, so the size limit on wasm does not send it back to the op sequence.
  const fused = () => tf.tidy(() => fusedAdamUpdate(w!, g!, m!, v!, { ...o, alpha }) ?? ops());
  const cpuMs = (fn: () => tf.Tensor[], n: number) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const r = fn();
      r[0]!.dataSync();
      tf.dispose(r);
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / n;
  };
  cpuMs(ops, 20);
  cpuMs(fused, 20);
  const rounds = [0, 1, 2].map(() => `${cpuMs(ops, 100).toFixed(3)} / ${cpuMs(fused, 100).toFixed(3)}`);
  console.log(`${backend} [${shape.join('×')}]: ms CPU per update, ops / fused: ${rounds.join(', ')}`);
  tf.dispose([w!, g!, m!, v!]);
}
