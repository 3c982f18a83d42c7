// Measures what our kernels (src/numerics/kernels) buy, in one process:
// training-step throughput of the benchmark workloads (an MLP and a conv
// autoencoder, batch 128, Adam, MSE) on tfjs's cpu backend as shipped and with
// our Conv2DBackpropFilter, on wasm as shipped, and on wasm with our fixes
// added one at a time; then each kernel alone, shipped against fixed, with
// its error relative to tfjs's own cpu kernels.
//
//   npx tsx bench/wasmKernels.ts [--seconds 4] [--skip-cpu-conv]
//
// Writes bench/results/wasm-kernels.json with the machine it ran on.

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/host/backend.js';
import { registerCpuKernels, unregisterCpuKernels } from '../src/numerics/kernels/cpu/registerCpuKernels.js';
import { allWasmKernelFixes, registerWasmKernels, unregisterWasmKernels, type WasmKernelFix } from '../src/numerics/kernels/wasm/registerWasmKernels.js';
import { tf } from '../src/numerics/tf.js';

const BATCH = 128;
const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 4;
const SKIP_CPU_CONV = args.includes('--skip-cpu-conv');

// ───────────────────────────── workloads ─────────────────────────────

interface Workload {
  readonly variables: tf.Variable[];
  readonly input: tf.Tensor;
  readonly forward: (x: tf.Tensor) => tf.Tensor;
}

let seed = 1;
function weight(shape: number[], fanIn: number): tf.Variable {
  return tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed++));
}
function zeros(shape: number[]): tf.Variable {
  return tf.variable(tf.zeros(shape));
}

/** 784-256-64-256-784, relu, sigmoid out (2.6 MFLOP per sample per step). */
function mlpAutoencoder(): Workload {
  const sizes = [784, 256, 64, 256, 784];
  const layers = sizes.slice(1).map((out, i) => ({ w: weight([sizes[i], out], sizes[i]), b: zeros([out]) }));
  return {
    variables: layers.flatMap((l) => [l.w, l.b]),
    input: tf.randomUniform([BATCH, 784], 0, 1, 'float32', 99),
    forward: (x) =>
      layers.reduce((h, l, i) => {
        const z = tf.add(tf.matMul(h, l.w), l.b);
        return i === layers.length - 1 ? tf.sigmoid(z) : tf.relu(z);
      }, x),
  };
}

/** conv 32 3×3 s2 → conv 64 3×3 s2 → dense 16 → dense 3136 → 7×7×64 → convT 32 s2 → convT 1 s2, sigmoid. */
function convAutoencoder(): Workload {
  const c1 = weight([3, 3, 1, 32], 9);
  const c2 = weight([3, 3, 32, 64], 9 * 32);
  const d1 = weight([3136, 16], 3136);
  const d2 = weight([16, 3136], 16);
  const t1 = weight([3, 3, 32, 64], 9 * 64); // conv2d_transpose: [k, k, out, in]
  const t2 = weight([3, 3, 1, 32], 9 * 32);
  const biases = [zeros([32]), zeros([64]), zeros([16]), zeros([3136]), zeros([32]), zeros([1])];
  const [b1, b2, b3, b4, b5, b6] = biases;
  return {
    variables: [c1, c2, d1, d2, t1, t2, ...biases],
    input: tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 99),
    forward: (x) => {
      const as4d = (t: tf.Tensor): tf.Tensor4D => t as tf.Tensor4D;
      let h = as4d(tf.relu(tf.add(tf.conv2d(as4d(x), as4d(c1), 2, 'same'), b1)));
      h = as4d(tf.relu(tf.add(tf.conv2d(h, as4d(c2), 2, 'same'), b2)));
      const code = tf.relu(tf.add(tf.matMul(tf.reshape(h, [BATCH, 3136]), d1), b3));
      h = tf.reshape(tf.relu(tf.add(tf.matMul(code, d2), b4)), [BATCH, 7, 7, 64]);
      h = as4d(tf.relu(tf.add(tf.conv2dTranspose(h, as4d(t1), [BATCH, 14, 14, 32], 2, 'same'), b5)));
      return tf.sigmoid(tf.add(tf.conv2dTranspose(h, as4d(t2), [BATCH, 28, 28, 1], 2, 'same'), b6));
    },
  };
}

const workloads = { mlpAE: mlpAutoencoder, convAE: convAutoencoder } as const;
type WorkloadName = keyof typeof workloads;

interface Throughput {
  readonly samplesPerSecond?: number;
  readonly steps?: number;
  readonly error?: string;
}

/** Samples per second of Adam steps on an MSE reconstruction loss, after one warm-up step. */
function measureTraining(make: () => Workload): Throughput {
  const workload = make();
  const optimizer = tf.train.adam(1e-3);
  const step = (): void => {
    const cost = optimizer.minimize(() => tf.losses.meanSquaredError(workload.input, workload.forward(workload.input)) as tf.Scalar, true, workload.variables);
    cost?.dataSync();
    cost?.dispose();
  };
  try {
    step();
    const start = performance.now();
    let steps = 0;
    while (steps === 0 || performance.now() - start < SECONDS * 1000) {
      step();
      steps++;
    }
    return { samplesPerSecond: (steps * BATCH * 1000) / (performance.now() - start), steps };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    optimizer.dispose();
    tf.dispose([...workload.variables, workload.input]);
  }
}

// ───────────────────────────── kernels alone ─────────────────────────────

interface KernelCase {
  readonly fix: WasmKernelFix;
  readonly label: string;
  readonly run: () => tf.Tensor;
}

function seeded(shape: number[], s: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', s);
}

/** The cpu backend's own Conv2DBackpropFilter takes minutes at batch 128, so these run at 32. */
const FILTER_BATCH = 32;

function filterGradient(x: number[], kernel: number, filters: number): () => tf.Tensor {
  return () => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(seeded(x, 1) as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), 0.5)))(seeded([kernel, kernel, x[3], filters], 2));
}

function transposeForward(x: number[], kernel: number, filters: number, stride: number): () => tf.Tensor {
  const out: [number, number, number, number] = [x[0], x[1] * stride, x[2] * stride, filters];
  return () => tf.conv2dTranspose(seeded(x, 1) as tf.Tensor4D, seeded([kernel, kernel, filters, x[3]], 2) as tf.Tensor4D, out, stride, 'same');
}

const kernelCases: readonly KernelCase[] = [
  { fix: 'conv2DBackpropFilter', label: 'dW conv 28×28×1 → 32, k3 s2, batch 32', run: filterGradient([FILTER_BATCH, 28, 28, 1], 3, 32) },
  { fix: 'conv2DBackpropFilter', label: 'dW conv 14×14×32 → 64, k3 s2, batch 32', run: filterGradient([FILTER_BATCH, 14, 14, 32], 3, 64) },
  { fix: 'conv2DBackpropFilter', label: 'dW conv 14×14×64 → 128, k4 s2, batch 32 (DCGAN D)', run: filterGradient([FILTER_BATCH, 14, 14, 64], 4, 128) },
  { fix: 'matMulTransposed', label: 'matMul aᵀb 784×128 · 128×256', run: () => tf.matMul(seeded([BATCH, 784], 1), seeded([BATCH, 256], 2), true, false) },
  { fix: 'matMulTransposed', label: 'matMul abᵀ 128×256 · 256×784', run: () => tf.matMul(seeded([BATCH, 256], 1), seeded([784, 256], 2), false, true) },
  { fix: 'conv2DBackpropInput', label: 'convT 7×7×64 → 14×14×32, k3 s2', run: transposeForward([BATCH, 7, 7, 64], 3, 32, 2) },
  { fix: 'conv2DBackpropInput', label: 'convT 7×7×128 → 14×14×64, k4 s2 (DCGAN G)', run: transposeForward([BATCH, 7, 7, 128], 4, 64, 2) },
  { fix: 'conv2DBackpropInput', label: 'convT 14×14×32 → 14×14×32, k3 s1', run: transposeForward([BATCH, 14, 14, 32], 3, 32, 1) },
  { fix: 'tile', label: 'broadcastTo [1,1,1,64] → [128,14,14,64]', run: () => tf.broadcastTo(seeded([1, 1, 1, 64], 1), [BATCH, 14, 14, 64]) },
];

/** Median milliseconds of `reps` runs after one warm-up (with 0, the warm-up's own time), and the values. */
function timeKernel(run: () => tf.Tensor, reps: number): { ms?: number; values?: Float32Array; error?: string } {
  try {
    const warmStart = performance.now();
    const values = tf.tidy(() => Float32Array.from(run().dataSync()));
    if (reps === 0) return { ms: performance.now() - warmStart, values };
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const start = performance.now();
      tf.tidy(() => void run().dataSync());
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)], values };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff / Math.max(norm, 1e-30));
}

async function use(name: 'cpu' | 'wasm'): Promise<void> {
  const result = await selectBackend(name);
  if (!result.value) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
}

// ───────────────────────────── main ─────────────────────────────

function round(value: number | undefined, digits: number): number | undefined {
  return value === undefined ? undefined : Number(value.toPrecision(digits));
}

async function main(): Promise<void> {
  const training: Record<string, Partial<Record<WorkloadName, Throughput>>> = {};
  const log = (config: string, name: WorkloadName, t: Throughput): void =>
    console.log(`${config.padEnd(44)} ${name.padEnd(7)} ${t.samplesPerSecond !== undefined ? `${t.samplesPerSecond.toFixed(1)} samples/s (${t.steps} steps)` : `fails: ${t.error}`}`);

  await use('cpu');
  for (const fixed of [false, true]) {
    if (fixed) registerCpuKernels();
    else unregisterCpuKernels();
    const config = fixed ? 'cpu + conv2DBackpropFilter' : 'cpu as shipped';
    training[config] = {};
    for (const name of Object.keys(workloads) as WorkloadName[]) {
      // As shipped, one conv AE step takes about a minute: --skip-cpu-conv skips it.
      if (name === 'convAE' && SKIP_CPU_CONV && !fixed) continue;
      training[config][name] = measureTraining(workloads[name]);
      log(config, name, training[config][name]!);
    }
  }

  await use('wasm');
  const cumulative: WasmKernelFix[] = [];
  for (const next of [null, ...allWasmKernelFixes]) {
    if (next) cumulative.push(next);
    unregisterWasmKernels();
    registerWasmKernels(cumulative);
    const config = cumulative.length === 0 ? 'wasm as shipped' : `wasm + ${cumulative.join(' + ')}`;
    training[config] = {};
    for (const name of Object.keys(workloads) as WorkloadName[]) {
      training[config][name] = measureTraining(workloads[name]);
      log(config, name, training[config][name]!);
    }
  }

  const kernels = [];
  for (const c of kernelCases) {
    await use('cpu');
    unregisterCpuKernels();
    const cpu = timeKernel(c.run, c.fix === 'conv2DBackpropFilter' ? 0 : 3);
    registerCpuKernels();
    const cpuFixed = c.fix === 'conv2DBackpropFilter' ? timeKernel(c.run, 3) : undefined;
    await use('wasm');
    unregisterWasmKernels([c.fix]);
    const shipped = timeKernel(c.run, 5);
    registerWasmKernels([c.fix]);
    const fixed = timeKernel(c.run, 5);
    // The two ways Conv2DBackpropInput can run its phases, each forced.
    const strategies: Record<string, number | undefined> = {};
    if (c.fix === 'conv2DBackpropInput') {
      for (const strategy of ['common', 'perPhase'] as const) {
        unregisterWasmKernels([c.fix]);
        registerWasmKernels([c.fix], { subPixelStrategy: strategy });
        strategies[`${strategy}Ms`] = round(timeKernel(c.run, 5).ms, 3);
      }
      unregisterWasmKernels([c.fix]);
      registerWasmKernels([c.fix]);
    }
    const row = {
      fix: c.fix,
      case: c.label,
      cpuMs: round(cpu.ms, 3),
      cpuFixedMs: round(cpuFixed?.ms, 3),
      cpuFixedRelativeError: cpuFixed?.values && cpu.values ? round(relativeError(cpuFixed.values, cpu.values), 2) : undefined,
      shippedMs: round(shipped.ms, 3),
      shippedError: shipped.error,
      fixedMs: round(fixed.ms, 3),
      ...strategies,
      speedupOverShipped: shipped.ms && fixed.ms ? round(shipped.ms / fixed.ms, 3) : undefined,
      relativeErrorVsCpu: fixed.values && cpu.values ? round(relativeError(fixed.values, cpu.values), 2) : undefined,
    };
    kernels.push(row);
    const extra = Object.entries(strategies).map(([k, v]) => `, ${k} ${v}`).join('');
    const cpuExtra = row.cpuFixedMs !== undefined ? ` (ours on cpu ${row.cpuFixedMs} ms, rel. error ${row.cpuFixedRelativeError})` : '';
    console.log(`${c.label.padEnd(44)} cpu ${row.cpuMs} ms${cpuExtra}, shipped ${row.shippedMs ?? `fails (${row.shippedError})`} ms, fixed ${row.fixedMs} ms${extra}, rel. error ${row.relativeErrorVsCpu}`);
  }

  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 3),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjs: tf.version_core,
    wasmSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    loadAverage: os.loadavg().map((l) => round(l, 3)),
    note: 'a shared machine: other processes ran beside this one; compare rows of one file, not across files',
  };
  const result = {
    date: new Date().toISOString(),
    machine,
    settings: { batch: BATCH, optimizer: 'adam(1e-3)', loss: 'mse', secondsPerMeasurement: SECONDS, warmupSteps: 1 },
    trainingSamplesPerSecond: training,
    kernels,
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'wasm-kernels.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

await main();
