// Code generator benchmark (`npx tsx bench/codegen.ts`, or `npm run bench codegen`):
// one training step (batch from a typed array, forward, backward, Adam, loss
// read back) of the MLP AE 784-256-64-256-784 and the conv AE of
// PERF-NOTES.md, three ways in one process on the same backend:
//   hand   — hand-written tfjs: tf.variable weights, tf.train.adam, optimizer.minimize
//   gen    — the module `aeganc build` generates, through its public `train`
//   interp — the aeganc interpreter (Trainer.runIteration)
// Implementations take turns step by step, so drift in the machine's speed
// hits all three alike; medians after warm-up. Writes bench/results/codegen.json and .md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../src/numerics/tf.js';
import { selectBackend } from '../src/host/backend.js';
import { compileSpec } from '../src/compile.js';
import { generateModule } from '../src/codegen/generateModule.js';
import { Trainer } from '../src/numerics/trainer.js';
import type { IrModule } from '../src/ir/types.js';
import { machineInfo } from './machine.js';

const root = join(import.meta.dirname, '..');

const MLP_SPEC = `model bench_mlp
data x: [28, 28, 1] from mnist(split: "train")
network encoder(img: [28, 28, 1]) -> [64] {
  flatten |> dense(256) |> relu
  dense(64) |> relu
}
network decoder(h: [64]) -> [28, 28, 1] {
  dense(256) |> relu
  dense(784) |> sigmoid |> reshape([28, 28, 1])
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)
  batch 128
  steps 1000
}
`;

const CONV_SPEC = `model bench_conv
data x: [28, 28, 1] from mnist(split: "train")
network encoder(img: [28, 28, 1]) -> [16] {
  conv2d(32, kernel: 3, stride: 2) |> relu
  conv2d(64, kernel: 3, stride: 2) |> relu
  flatten |> dense(16)
}
network decoder(code: [16]) -> [28, 28, 1] {
  dense(7 * 7 * 64) |> relu
  reshape([7, 7, 64])
  conv2d_transpose(32, kernel: 3, stride: 2) |> relu
  conv2d_transpose(1, kernel: 3, stride: 2) |> sigmoid
}
loss recon = mse(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)
  batch 128
  steps 1000
}
`;

type Step = () => Promise<number>;

interface GeneratedModel {
  train(options: { data: { x: Float32Array }; steps: number }): Promise<{ recon: number } | undefined>;
  dispose(): void;
}

/** Images in 0..1, deterministic. */
function images(count: number): Float32Array {
  let state = 7;
  return Float32Array.from({ length: count * 784 }, () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216);
}

function batchAt(data: Float32Array, batch: number, step: number): tf.Tensor4D {
  const count = data.length / 784;
  const start = ((step * batch) % (count - batch + 1)) * 784;
  return tf.tensor4d(data.subarray(start, start + batch * 784), [batch, 28, 28, 1]);
}

/** The hand-written step: what a tfjs user writes for the same model (Keras's glorot_uniform, zero biases). */
function handWritten(ir: IrModule, data: Float32Array, batch: number): { step: Step; dispose(): void } {
  const weights = new Map(ir.weights.map((w) => [w.id, tf.variable(w.init.kind === 'zeros' ? tf.zeros([...w.shape]) : tf.randomUniform([...w.shape], -Math.sqrt(6 / (w.fanIn + w.fanOut)), Math.sqrt(6 / (w.fanIn + w.fanOut))))]));
  const w = (id: string) => weights.get(id)!;
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
  const conv = ir.networks.some((n) => n.nodes.some((node) => node.op === 'conv2d'));
  const dense = (x: tf.Tensor, net: string, i: number) => tf.add(tf.matMul(x as tf.Tensor2D, w(`${net}/dense_${i}/kernel`) as tf.Tensor2D), w(`${net}/dense_${i}/bias`));
  const forward = (x: tf.Tensor4D): tf.Tensor => {
    if (!conv) {
      const h = tf.relu(dense(tf.relu(dense(tf.reshape(x, [x.shape[0], -1]), 'encoder', 1)), 'encoder', 2));
      return tf.reshape(tf.sigmoid(dense(tf.relu(dense(h, 'decoder', 1)), 'decoder', 2)), x.shape);
    }
    const c1 = tf.relu(tf.add(tf.conv2d(x, w('encoder/conv2d_1/kernel') as tf.Tensor4D, 2, 'same'), w('encoder/conv2d_1/bias')));
    const c2 = tf.relu(tf.add(tf.conv2d(c1 as tf.Tensor4D, w('encoder/conv2d_2/kernel') as tf.Tensor4D, 2, 'same'), w('encoder/conv2d_2/bias')));
    const code = dense(tf.reshape(c2, [x.shape[0], -1]), 'encoder', 1);
    const h = tf.reshape(tf.relu(dense(code, 'decoder', 1)), [x.shape[0], 7, 7, 64]) as tf.Tensor4D;
    const t1 = tf.relu(tf.add(tf.conv2dTranspose(h, w('decoder/conv2d_transpose_1/kernel') as tf.Tensor4D, [x.shape[0], 14, 14, 32], 2, 'same'), w('decoder/conv2d_transpose_1/bias'))) as tf.Tensor4D;
    return tf.sigmoid(tf.add(tf.conv2dTranspose(t1, w('decoder/conv2d_transpose_2/kernel') as tf.Tensor4D, [x.shape[0], 28, 28, 1], 2, 'same'), w('decoder/conv2d_transpose_2/bias')));
  };
  let n = 0;
  return {
    async step() {
      const x = batchAt(data, batch, n++);
      const loss = optimizer.minimize(() => tf.mean(tf.square(tf.sub(x, forward(x)))) as tf.Scalar, true)!;
      const value = (await loss.data())[0]!;
      tf.dispose([x, loss]);
      return value;
    },
    dispose() {
      tf.dispose([...weights.values()]);
      optimizer.dispose();
    },
  };
}

async function generated(ir: IrModule, name: string, data: Float32Array, batch: number): Promise<{ step: Step; dispose(): void }> {
  const dir = join(root, 'test/.tmp/codegen');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${name}.ts`);
  writeFileSync(file, await generateModule(ir));
  const module = (await import(file)) as { createModel(options: { batch: number }): GeneratedModel };
  const model = module.createModel({ batch });
  return {
    async step() {
      return (await model.train({ data: { x: data }, steps: 1 }))!.recon;
    },
    dispose: () => model.dispose(),
  };
}

function interpreted(ir: IrModule, data: Float32Array, batch: number): { step: Step; dispose(): void } {
  const trainer = new Trainer({ ...ir, train: { ...ir.train, batch } }, [{ count: data.length / 784, fields: new Map([['x', data]]) }]);
  return {
    async step() {
      return (await trainer.runIteration()).losses.get('recon')!;
    },
    dispose: () => trainer.dispose(),
  };
}

interface Measurement {
  readonly workload: string;
  readonly backend: string;
  readonly batch: number;
  readonly runs: number;
  readonly medianMs: { hand: number; gen: number; interp: number };
  readonly samplesPerSecond: { hand: number; gen: number; interp: number };
  readonly ratios: { genOverHand: number; interpOverGen: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(workload: string, spec: string, backend: 'cpu' | 'wasm', batch: number, warmup: number, runs: number): Promise<Measurement | undefined> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (only && only !== `${workload}:${backend}`) return undefined;
  const selected = await selectBackend(backend);
  if (!selected.value) throw new Error(`backend ${backend} unavailable`);
  const ir = compileSpec(spec, `${workload}.aegan`).value!;
  const data = images(Math.max(1024, batch * 4));
  const impls = { hand: handWritten(ir, data, batch), gen: await generated(ir, `${workload}-${backend}`, data, batch), interp: interpreted(ir, data, batch) };
  const times = { hand: [] as number[], gen: [] as number[], interp: [] as number[] };
  for (let round = 0; round < warmup + runs; round++) {
    // Rotate who goes first, so no implementation always follows the same one.
    const order = (['hand', 'gen', 'interp'] as const).map((_, i, all) => all[(i + round) % 3]!);
    for (const name of order) {
      const start = performance.now();
      await impls[name].step();
      if (round >= warmup) times[name].push(performance.now() - start);
    }
  }
  Object.values(impls).forEach((impl) => impl.dispose());
  if (process.argv.includes('--verbose')) console.log(JSON.stringify({ ...times, tensors: tf.memory().numTensors }));
  const medianMs = { hand: median(times.hand), gen: median(times.gen), interp: median(times.interp) };
  const rate = (ms: number) => Math.round((batch / ms) * 1000 * 10) / 10;
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  const result: Measurement = {
    workload,
    backend,
    batch,
    runs,
    medianMs: { hand: round3(medianMs.hand), gen: round3(medianMs.gen), interp: round3(medianMs.interp) },
    samplesPerSecond: { hand: rate(medianMs.hand), gen: rate(medianMs.gen), interp: rate(medianMs.interp) },
    // The median of per-round ratios: each round runs all three back to back, so
    // drift in the machine's speed (other processes, thermal) cancels out.
    ratios: {
      genOverHand: round3(median(times.gen.map((t, i) => t / times.hand[i]!))),
      interpOverGen: round3(median(times.interp.map((t, i) => t / times.gen[i]!))),
    },
  };
  console.log(JSON.stringify(result));
  return result;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const measured: (Measurement | undefined)[] = [];
  measured.push(await measure('mlp-ae', MLP_SPEC, 'wasm', 128, 5, quick ? 10 : 100));
  measured.push(await measure('conv-ae', CONV_SPEC, 'wasm', 128, 3, quick ? 5 : 60));
  measured.push(await measure('mlp-ae', MLP_SPEC, 'cpu', 128, 3, quick ? 5 : 31));
  // The cpu backend's conv weight gradients are very slow (PERF-NOTES: 3.3 samples/s at batch 128): a small batch.
  measured.push(await measure('conv-ae', CONV_SPEC, 'cpu', 8, 2, quick ? 3 : 31));
  const results = measured.filter((m): m is Measurement => m !== undefined);
  if (process.argv.some((a) => a.startsWith('--only='))) return;
  const machine = machineInfo();
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'codegen.json'), `${JSON.stringify({ machine, tfjs: tf.version_core, results }, null, 2)}\n`);
  const rows = results.map((r) => `| ${r.workload} | ${r.backend} | ${r.batch} | ${r.medianMs.hand} | ${r.medianMs.gen} | ${r.medianMs.interp} | ${r.ratios.genOverHand} | ${r.ratios.interpOverGen} |`);
  const md = [
    '# Code generator benchmark',
    '',
    `${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, tfjs ${tf.version_core}; ${machine.date}.`,
    'One training step (batch from a typed array, forward, backward, Adam, loss read back), median ms after warm-up,',
    'implementations interleaved step by step in one process; ratios are the median of per-round ratios. Targets: gen/hand ≤ 1.05, interp/gen ≤ 1.10.',
    '',
    '| workload | backend | batch | hand ms | gen ms | interp ms | gen/hand | interp/gen |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(join(out, 'codegen.md'), md);
  console.log(md);
}

await main();
