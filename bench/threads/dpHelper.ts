// The helper thread of the data-parallel bench: on each step, takes the
// weights the main thread wrote, computes the gradient of its half of the
// batch and writes it back.

import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../../src/host/backend.js';
import { tf } from '../../src/numerics/tf.js';
import { stepMemory, waitFor } from './shared.js';
import { buildWorkload, lossAndGradients, type WorkloadName } from './workloads.js';

const { name, batch, from, rows, buffers } = workerData as { name: WorkloadName; batch: number; from: number; rows: number; buffers: Parameters<typeof stepMemory>[0] };
await selectBackend('wasm');
const workload = buildWorkload(name, batch);
const memory = stepMemory(buffers);
const x = workload.batch(from, rows);
parentPort!.postMessage('ready');
for (let step = 1; ; step++) {
  waitFor(memory.control, 0, step);
  if (Atomics.load(memory.control, 0) < 0) break;
  let offset = 0;
  for (const v of workload.variables) {
    v.assign(tf.tensor(memory.weights.subarray(offset, offset + v.size), v.shape));
    offset += v.size;
  }
  const { loss, grads } = lossAndGradients(workload, x);
  offset = 0;
  for (const g of grads) {
    memory.grads.set(g.dataSync() as Float32Array, offset);
    offset += g.size;
  }
  memory.loss[0] = loss.dataSync()[0]!;
  tf.dispose([loss, ...grads]);
  Atomics.store(memory.control, 1, step);
  Atomics.notify(memory.control, 1);
}
