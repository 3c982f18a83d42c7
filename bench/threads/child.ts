// One measurement of bench/threads.ts, in a process of its own (the wasm
// thread count is fixed per process): trains one workload with one
// configuration for about `seconds` after a warm-up and prints one JSON line.
//
//   npx tsx bench/threads/child.ts <wasm1|wasm2|dp2> <mlp|conv> <batch> <seconds>

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { selectBackend } from '../../src/host/backend.js';
import { tf } from '../../src/numerics/tf.js';
import { newBuffers, stepMemory, waitFor } from './shared.js';
import { buildWorkload, lossAndGradients, parameterCount, type WorkloadName } from './workloads.js';

const [config, name, batchText, secondsText] = process.argv.slice(2) as [string, WorkloadName, string, string];
const BATCH = Number(batchText);
const SECONDS = Number(secondsText);
const WARMUP_STEPS = 3;

type Step = () => number;

async function singleProcess(threads: number): Promise<{ step: Step; close: () => void }> {
  const backend = await selectBackend('wasm', { threads });
  if (!backend.value) throw new Error(backend.diagnostics.map((d) => d.message).join('; '));
  const workload = buildWorkload(name, BATCH);
  const optimizer = tf.train.adam(1e-3);
  const x = workload.batch(0, BATCH);
  return {
    step: () => {
      const { loss, grads } = lossAndGradients(workload, x);
      optimizer.applyGradients(workload.variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      const value = loss.dataSync()[0]!;
      tf.dispose([loss, ...grads]);
      return value;
    },
    close: () => undefined,
  };
}

/** Two threads, each the gradient of half the batch; the main thread averages (own + helper) / 2 and steps Adam. */
async function dataParallel(): Promise<{ step: Step; close: () => void }> {
  await selectBackend('wasm');
  const workload = buildWorkload(name, BATCH);
  const optimizer = tf.train.adam(1e-3);
  const half = BATCH / 2;
  const buffers = newBuffers(parameterCount(workload));
  const memory = stepMemory(buffers);
  const helper = new Worker(path.join(path.dirname(fileURLToPath(import.meta.url)), 'dpHelperBoot.mjs'), {
    workerData: { name, batch: BATCH, from: half, rows: half, buffers },
  });
  helper.on('error', (error) => {
    console.error(error);
    process.exit(1);
  });
  // The main thread blocks in Atomics.wait during a step: the helper must be up first.
  await new Promise((resolve) => helper.once('message', resolve));
  const x = workload.batch(0, half);
  let step = 0;
  return {
    step: () => {
      let offset = 0;
      for (const v of workload.variables) {
        memory.weights.set(v.dataSync() as Float32Array, offset);
        offset += v.size;
      }
      step++;
      Atomics.store(memory.control, 0, step);
      Atomics.notify(memory.control, 0);
      const { loss, grads } = lossAndGradients(workload, x);
      const own = loss.dataSync()[0]!;
      waitFor(memory.control, 1, step);
      offset = 0;
      const averaged = grads.map((g) => {
        const other = tf.tensor(memory.grads.slice(offset, offset + g.size), g.shape);
        offset += g.size;
        return tf.tidy(() => tf.mul(tf.add(g, other), 0.5));
      });
      optimizer.applyGradients(workload.variables.map((v, i) => ({ name: v.name, tensor: averaged[i]! })));
      const value = (own + memory.loss[0]!) / 2;
      tf.dispose([loss, ...grads, ...averaged]);
      return value;
    },
    close: () => {
      Atomics.store(memory.control, 0, -1);
      Atomics.notify(memory.control, 0);
      void helper.terminate();
    },
  };
}

const runner = config === 'dp2' ? await dataParallel() : await singleProcess(config === 'wasm2' ? 2 : 1);
const losses: number[] = [];
for (let i = 0; i < WARMUP_STEPS; i++) losses.push(runner.step());
const start = performance.now();
let steps = 0;
while (performance.now() - start < SECONDS * 1000) {
  const loss = runner.step();
  if (losses.length < 8) losses.push(loss);
  steps++;
}
const elapsed = (performance.now() - start) / 1000;
runner.close();
console.log(JSON.stringify({ config, workload: name, batch: BATCH, steps, seconds: elapsed, samplesPerSecond: (steps * BATCH) / elapsed, losses }));
process.exit(0);
