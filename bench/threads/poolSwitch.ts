// 1 against 2 XNNPACK threads in ONE process, interleaved: wasm starts on its
// threaded build with 2 threads, then the backend's own
// init_with_threads_count is called again between measurements to swap
// XNNPACK's pool (tfjs passes the current pool to every operator run). Each
// swap leaves the previous pool's threads parked, so only a few rounds fit in
// the 8 pthread workers the package pre-creates. Bench only.
//
//   npx tsx bench/threads/poolSwitch.ts [--rounds 3] [--seconds 3]
//
// Writes bench/results/threads-pool.json.

import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { machineInfo } from '../machine.js';
import { selectBackend } from '../../src/host/backend.js';
import { tf } from '../../src/numerics/tf.js';
import { buildWorkload, lossAndGradients } from './workloads.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const ROUNDS = option('--rounds', 3);
const SECONDS = option('--seconds', 3);

const started = await selectBackend('wasm', { threads: 2 });
if (!started.value) throw new Error(started.diagnostics.map((d) => d.message).join('; '));
const module = (tf.backend() as unknown as { wasm: { tfjs: { initWithThreadsCount(n: number): void; getThreadsCount(): number } } }).wasm.tfjs;
const usePool = (threads: number) => {
  module.initWithThreadsCount(threads);
  if (module.getThreadsCount() !== threads) throw new Error(`pool has ${module.getThreadsCount()} threads, not ${threads}`);
};

/** Calls per second of `fn` over about SECONDS. */
function rate(fn: () => void): number {
  fn();
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < SECONDS * 1000) {
    fn();
    calls++;
  }
  return (calls * 1000) / (performance.now() - start);
}

const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 1);
const b = tf.randomNormal([1024, 1024], 0, 1, 'float32', 2);
const image = tf.randomNormal([128, 14, 14, 32], 0, 1, 'float32', 3) as tf.Tensor4D;
const filter = tf.randomNormal([3, 3, 32, 64], 0, 1, 'float32', 4) as tf.Tensor4D;
const mlp = buildWorkload('mlp', 128);
const mlpBatch = mlp.batch(0, 128);
const probes: Record<string, { fn: () => void; unit: (perSecond: number) => number; label: string }> = {
  matmul: { fn: () => tf.tidy(() => void tf.matMul(a, b).dataSync()), unit: (r) => (r * 2 * 1024 ** 3) / 1e9, label: 'matmul 1024³, GFLOP/s' },
  conv: { fn: () => tf.tidy(() => void tf.conv2d(image, filter, 2, 'same').dataSync()), unit: (r) => (r * 2 * 128 * 7 * 7 * 64 * 9 * 32) / 1e9, label: 'conv 128×14×14×32 → 64, 3×3 s2, GFLOP/s' },
  mlpStep: {
    fn: () => {
      const { loss, grads } = lossAndGradients(mlp, mlpBatch);
      loss.dataSync();
      tf.dispose([loss, ...grads]);
    },
    unit: (r) => r * 128,
    label: 'MLP AE forward+backward, batch 128, samples/s',
  },
};

const results: Record<string, { one: number[]; two: number[] }> = Object.fromEntries(Object.keys(probes).map((k) => [k, { one: [], two: [] }]));
const loads: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  loads.push(loadavg()[0]!);
  for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
    usePool(threads);
    for (const [name, probe] of Object.entries(probes)) results[name]![threads === 1 ? 'one' : 'two'].push(probe.unit(rate(probe.fn)));
  }
}
console.log(`started on ${getThreadsCount()} threads; load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`);
for (const [name, probe] of Object.entries(probes)) {
  const { one, two } = results[name]!;
  const ratios = two.map((t, i) => t / one[i]!);
  console.log(`${probe.label.padEnd(48)} 1 thread ${one.map((x) => x.toFixed(1)).join(' ')} | 2 threads ${two.map((x) => x.toFixed(1)).join(' ')} | ×${ratios.map((r) => r.toFixed(2)).join(' ')}`);
}
const resultsDir = path.join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'threads-pool.json'), `${JSON.stringify({ machine: machineInfo(), seconds: SECONDS, loads, results }, null, 2)}\n`);
process.exit(0);
