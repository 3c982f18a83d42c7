// Training benchmark (`npm run bench training`, `-- --quick` for a short run,
// `--threads=2` for wasm on a thread pool of 2, `--batches=128`, `--only=mlp-ae`):
// one training iteration of each workload the project's first measurements used (MLP AE, conv AE,
// DCGAN; batch 128 and 512) on each available backend, through
//   hand     — a hand-written tfjs loop (bench/training/handWritten.ts)
//   gen      — the module `aeganc build` generates, through its public `train`
//   interp   — the aeganc interpreter (Trainer.runIteration)
//   torch1/2 — PyTorch 1.13 (Debian) on OpenBLAS, 1 and 2 threads (bench/pytorch.py)
// all in one run, taking turns step by step (who goes first rotates), so a
// noisy machine slows every implementation alike and each ratio (the median of
// per-round ratios) holds even when the absolute numbers do not.
// Writes bench/results/training.json and training.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { tf } from '../src/numerics/tf.js';
import { selectBackend } from '../src/host/backend.js';
import { compileSpec } from '../src/compile.js';
import { generateModule } from '../src/codegen/generateModule.js';
import { logsGradientNorms } from '../src/numerics/trainingHealth.js';
import { Trainer } from '../src/numerics/trainer.js';
import type { IrModule } from '../src/ir/types.js';
import { machineInfo } from './machine.js';
import { images, workloadSpec, type WorkloadName } from './training/workloads.js';
import { handWritten, type Implementation } from './training/handWritten.js';
import { PytorchWorker, pytorchUnavailable, type TorchReady } from './training/pytorchWorker.js';

const root = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// `--batches=128` on a loaded machine, when batch 512 would take too long.
const batches = (process.argv.find((a) => a.startsWith('--batches='))?.slice('--batches='.length) ?? '128,512').split(',').map(Number);
// `--threads=2`: wasm's thread pool for the three tfjs implementations (aeganc train's --threads); 1 by default.
const wasmThreads = Number(process.argv.find((a) => a.startsWith('--threads='))?.slice('--threads='.length) ?? '1');

type Backend = 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';
type AeganImpl = 'hand' | 'gen' | 'interp';
type ImplName = AeganImpl | 'torch1' | 'torch2';

interface GeneratedModel {
  train(options: { data: { x: Float32Array }; steps: number }): Promise<Record<string, number> | undefined>;
  dispose(): void;
}

async function generated(ir: IrModule, name: string, data: Float32Array, batch: number): Promise<Implementation> {
  const dir = join(root, 'test/.tmp/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${name}.ts`);
  writeFileSync(file, await generateModule(ir));
  const module = (await import(file)) as { createModel(options: { batch: number }): GeneratedModel };
  const model = module.createModel({ batch });
  return {
    async step() {
      const losses = await model.train({ data: { x: data }, steps: 1 });
      return Object.values(losses ?? {})[0] ?? NaN;
    },
    dispose: () => model.dispose(),
  };
}

function interpreted(ir: IrModule, data: Float32Array, batch: number): Implementation {
  const trainer = new Trainer({ ...ir, train: { ...ir.train, batch } }, [{ count: data.length / 784, fields: new Map([['x', data]]) }]);
  return {
    async step() {
      // As \`aeganc train\` runs it: gradient norms only at the iterations metrics.jsonl logs them.
      const { losses } = await trainer.runIteration(logsGradientNorms(trainer.iteration + 1));
      return [...losses.values()][0] ?? NaN;
    },
    dispose: () => trainer.dispose(),
  };
}

interface Rate {
  readonly medianMs: number;
  readonly samplesPerSecond: { readonly median: number; readonly min: number; readonly max: number };
}

interface CaseResult {
  readonly workload: WorkloadName;
  readonly backend: Backend;
  readonly batch: number;
  /** Worker threads of aeganc's own runs (h/threads adds more than 1). */
  readonly threads: number;
  readonly runs: number;
  readonly loadAverage: { readonly before: number; readonly after: number };
  readonly rates: Partial<Record<ImplName, Rate>>;
  /** tf.profile of one step after warm-up: kernels launched, peak and resident tfjs bytes. */
  readonly profile: Partial<Record<AeganImpl, { kernels: number; peakBytes: number; newBytes: number }>>;
  readonly peakRssBytes: { readonly node: number; readonly torch1?: number; readonly torch2?: number };
  readonly torch?: TorchReady & { readonly fastestThreads: number };
  readonly ratios: Record<string, number>;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function rate(times: readonly number[], batch: number): Rate {
  const perSecond = (ms: number) => round((batch / ms) * 1000, 1);
  return { medianMs: round(median(times)), samplesPerSecond: { median: perSecond(median(times)), min: perSecond(Math.max(...times)), max: perSecond(Math.min(...times)) } };
}

async function measure(workload: WorkloadName, backend: Backend, batch: number, warmup: number, runs: number, withTorch: boolean): Promise<CaseResult | string> {
  const selected = await selectBackend(backend, backend === 'wasm' ? { threads: wasmThreads } : {});
  if (!selected.value) return `backend ${backend} unavailable: ${selected.diagnostics.map((d) => d.message).join('; ')}`;
  const before = loadavg()[0]!;
  const ir = compileSpec(workloadSpec(workload, root), `${workload}.aegan`).value!;
  const data = images(Math.max(1024, batch * 4));
  const steps: Partial<Record<ImplName, () => Promise<number>>> = {};
  const impls: Record<AeganImpl, Implementation> = {
    hand: handWritten(workload, ir, data, batch),
    gen: await generated(ir, `${workload}-${backend}-${batch}`, data, batch),
    interp: interpreted(ir, data, batch),
  };
  for (const name of ['hand', 'gen', 'interp'] as const) steps[name] = () => impls[name].step();
  const workers: PytorchWorker[] = [];
  let torch: TorchReady | undefined;
  if (withTorch) {
    for (const threads of [1, 2]) {
      const worker = new PytorchWorker(root, threads);
      torch = await worker.setup(workload, batch);
      workers.push(worker);
      // Timed in Python; the measured time stands in for the step.
      steps[`torch${threads}` as ImplName] = () => worker.step();
    }
  }
  const names = Object.keys(steps) as ImplName[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<ImplName, number[]>;
  let rss = 0;
  for (let r = 0; r < warmup + runs; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]!);
    for (const name of order) {
      const started = performance.now();
      const pythonMs = await steps[name]!();
      const ms = name.startsWith('torch') ? pythonMs : performance.now() - started;
      if (r >= warmup) times[name].push(ms);
      rss = Math.max(rss, process.memoryUsage.rss());
    }
  }
  const profile: CaseResult['profile'] = {};
  for (const name of ['hand', 'gen', 'interp'] as const) {
    const info = await tf.profile(async () => void (await impls[name].step()));
    profile[name] = { kernels: info.kernels.length, peakBytes: info.peakBytes, newBytes: info.newBytes };
  }
  Object.values(impls).forEach((impl) => impl.dispose());
  const torchRss = await Promise.all(workers.map((w) => w.quit()));
  const rates = Object.fromEntries(names.map((n) => [n, rate(times[n], batch)])) as CaseResult['rates'];
  const perRound = (a: ImplName, b: ImplName) => round(median(times[a].map((t, i) => t / times[b][i]!)));
  const ratios: Record<string, number> = { genOverHand: perRound('gen', 'hand'), interpOverGen: perRound('interp', 'gen') };
  let fastestThreads = 0;
  if (withTorch) {
    fastestThreads = median(times.torch1) <= median(times.torch2) ? 1 : 2;
    const best = `torch${fastestThreads}` as ImplName;
    // Speed relative to PyTorch's best thread setting: its step time over ours (1 = as fast).
    ratios.interpVsTorch = perRound(best, 'interp');
    ratios.genVsTorch = perRound(best, 'gen');
    ratios.handVsTorch = perRound(best, 'hand');
  }
  const result: CaseResult = {
    workload,
    backend,
    batch,
    threads: selected.value.threads ?? 1,
    runs,
    loadAverage: { before: round(before, 2), after: round(loadavg()[0]!, 2) },
    rates,
    profile,
    peakRssBytes: { node: rss, ...(torchRss[0] ? { torch1: torchRss[0] } : {}), ...(torchRss[1] ? { torch2: torchRss[1] } : {}) },
    ...(torch ? { torch: { ...torch, fastestThreads } } : {}),
    ratios,
  };
  console.log(JSON.stringify(result));
  return result;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '–' : `${Math.round(bytes / 2 ** 20)}`);
const sps = (r: Rate | undefined) => (r ? `${r.samplesPerSecond.median} (${r.samplesPerSecond.min}–${r.samplesPerSecond.max})` : '–');

function table(results: readonly CaseResult[], skipped: readonly string[], machine: Record<string, string | number>): string {
  const rows = results.map((r) => {
    const best = r.torch ? r.rates[`torch${r.torch.fastestThreads}` as ImplName] : undefined;
    return `| ${r.workload} | ${r.backend} | ${r.batch} | ${r.threads} | ${sps(r.rates.hand)} | ${sps(r.rates.gen)} | ${sps(r.rates.interp)} | ${sps(r.rates.torch1)} | ${sps(r.rates.torch2)} | ${r.torch ? r.torch.fastestThreads : '–'} | ${r.ratios.genOverHand} | ${r.ratios.interpOverGen} | ${best ? r.ratios.interpVsTorch : '–'} | ${r.profile.interp?.kernels ?? '–'} / ${r.profile.hand?.kernels ?? '–'} | ${mib(r.profile.interp?.peakBytes)} | ${mib(r.peakRssBytes.node)} / ${mib(r.peakRssBytes.torch1)} / ${mib(r.peakRssBytes.torch2)} | ${r.loadAverage.before}→${r.loadAverage.after} |`;
  });
  const torch = results.find((r) => r.torch)?.torch;
  return [
    '# Training benchmark',
    '',
    `${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, tfjs ${tf.version_core}${torch ? `, PyTorch ${torch.torch} on ${torch.blas.join(', ') || 'no BLAS found in /proc/self/maps'}, OMP_WAIT_POLICY=PASSIVE` : ''}; ${machine.date}${quick ? '; --quick' : ''}.`,
    '',
    'One training iteration (DCGAN: one D and one G update), samples/s median (min–max) after warm-up; every implementation',
    'takes turns step by step in one run. The machine is shared (load average per case in the last column): absolute',
    'numbers are low and vary, the ratios (medians of per-round ratios) are what to read. vs torch = PyTorch\'s fastest',
    'thread setting\'s step time over the interpreter\'s (1 = as fast; target ≥ 0.5). Targets: gen/hand ≤ 1.05, interp/gen ≤ 1.10.',
    'kernels: tfjs kernels launched by one step (interpreter / hand-written). peak: tfjs bytes at the peak of one interpreter step.',
    'RSS: peak resident MiB of the Node process (all three tfjs implementations) / PyTorch 1 thread / 2 threads.',
    '',
    '| workload | backend | batch | threads | hand | gen | interp | torch 1 thr | torch 2 thr | fastest | gen/hand | interp/gen | vs torch | kernels | peak MiB | RSS MiB | load |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...skipped.map((s) => `- skipped: ${s}`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const torchMissing = pytorchUnavailable();
  if (torchMissing) console.log(`PyTorch skipped: ${torchMissing}`);
  const rounds = (full: number) => (quick ? Math.max(3, Math.round(full / 6)) : full);
  const plan: [WorkloadName, Backend, number, number, number][] = [];
  for (const batch of batches) {
    plan.push(['mlp-ae', 'wasm', batch, 3, rounds(batch === 128 ? 40 : 20)]);
    plan.push(['conv-ae', 'wasm', batch, 2, rounds(batch === 128 ? 20 : 8)]);
    plan.push(['dcgan', 'wasm', batch, 1, rounds(batch === 128 ? 10 : 5)]);
  }
  if (batches.includes(128)) plan.push(['mlp-ae', 'cpu', 128, 2, rounds(12)]);
  if (!quick && batches.includes(512)) plan.push(['mlp-ae', 'cpu', 512, 1, 6]);
  for (const backend of ['webgpu', 'tensorflow'] as const) plan.push(['mlp-ae', backend, 128, 3, rounds(40)]);
  const results: CaseResult[] = [];
  const skipped: string[] = [
    'conv AE and DCGAN on the cpu backend: its Conv2DBackpropFilter is ~70× slower than its Conv2D (first measured at 3.3 samples/s, DCGAN 0.002 it/s)',
    'PyTorch next to the cpu backend: the cpu backend is ~100× slower; the wasm rows carry the comparison',
  ];
  if (torchMissing) skipped.push(`PyTorch: ${torchMissing}`);
  for (const [workload, backend, batch, warmup, runs] of plan) {
    if (only && !`${workload}:${backend}:${batch}`.startsWith(only)) continue;
    console.log(`== ${workload} ${backend} batch ${batch}`);
    const outcome = await measure(workload, backend, batch, warmup, runs, !torchMissing && backend !== 'cpu');
    if (typeof outcome === 'string') {
      console.log(`skipped: ${outcome}`);
      if (!skipped.some((s) => s.startsWith(`backend ${backend}`))) skipped.push(outcome);
    } else results.push(outcome);
    // Written after every case, so a run cut short keeps what it measured.
    if (!only) write(results, skipped);
  }
  console.log(only ? table(results, skipped, machineInfo()) : write(results, skipped));
}

function write(results: readonly CaseResult[], skipped: readonly string[]): string {
  const machine = machineInfo();
  const md = table(results, skipped, machine);
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'training.json'), `${JSON.stringify({ machine, quick, batches, tfjs: tf.version_core, results, skipped }, null, 2)}\n`);
  writeFileSync(join(out, 'training.md'), md);
  return md;
}

await main();
