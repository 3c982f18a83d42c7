// Which way of using both cores wins: the wasm backend as today (one
// thread), its threaded SIMD build on 2 threads (src/host/wasmThreads.ts), or
// data-parallel steps over two worker_threads with the gradient averaged
// through shared memory (bench/threads/child.ts, `dp2`). Each measurement is a
// process of its own (wasm's thread count is fixed per process), interleaved
// round by round so that the machine's load falls on all of them alike;
// ratios are taken within a round. The load average is recorded with each.
//
//   npx tsx bench/threads.ts [--rounds 3] [--seconds 4] [--batch 128]
//
// Writes bench/results/threads.json and bench/results/threads.md.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { machineInfo } from './machine.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = option('--rounds', 3);
const SECONDS = option('--seconds', 4);
const BATCH = option('--batch', 128);
const CONFIGS = ['wasm1', 'wasm2', 'dp2'] as const;
const WORKLOADS = ['mlp', 'conv'] as const;
const here = import.meta.dirname;

interface Measurement {
  readonly round: number;
  readonly config: string;
  readonly workload: string;
  readonly samplesPerSecond: number;
  readonly losses: number[];
  readonly loadBefore: number;
}

const measurements: Measurement[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const workload of WORKLOADS) {
    // Rotating the order each round keeps any one configuration from always going first.
    const order = CONFIGS.map((_, i) => CONFIGS[(i + round) % CONFIGS.length]!);
    for (const config of order) {
      const loadBefore = loadavg()[0]!;
      const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'threads', 'child.ts'), config, workload, String(BATCH), String(SECONDS)], { encoding: 'utf8' });
      const line = JSON.parse(out.trim().split('\n').at(-1)!) as { samplesPerSecond: number; losses: number[] };
      measurements.push({ round, config, workload, samplesPerSecond: line.samplesPerSecond, losses: line.losses, loadBefore });
      console.log(`round ${round} ${workload.padEnd(4)} ${config.padEnd(5)} ${line.samplesPerSecond.toFixed(0).padStart(6)} samples/s  load ${loadBefore.toFixed(2)}`);
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = WORKLOADS.flatMap((workload) =>
  CONFIGS.map((config) => {
    const mine = measurements.filter((m) => m.workload === workload && m.config === config);
    const ratios = mine.map((m) => m.samplesPerSecond / measurements.find((b) => b.round === m.round && b.workload === workload && b.config === 'wasm1')!.samplesPerSecond);
    const rates = mine.map((m) => m.samplesPerSecond);
    // Every process trains the same batch from the same weights: its first losses against wasm on 1 thread.
    const reference = measurements.find((m) => m.workload === workload && m.config === 'wasm1')!.losses;
    const lossDifference = Math.max(...mine.flatMap((m) => m.losses.map((l, i) => Math.abs(l - reference[i]!) / Math.abs(reference[i]!))));
    return { workload, config, median: median(rates), min: Math.min(...rates), max: Math.max(...rates), ratioMedian: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), lossDifference };
  }),
);
const loads = measurements.map((m) => m.loadBefore);
const names: Record<string, string> = { wasm1: 'wasm, 1 thread (today)', wasm2: 'wasm threaded SIMD, 2 threads', dp2: 'data-parallel, 2 worker threads' };
const table = [
  `Batch ${BATCH}, Adam, MSE; ${ROUNDS} interleaved rounds of ${SECONDS} s each; load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} on ${machineInfo().cores} cores.`,
  '',
  '| workload | configuration | samples/s median (min–max) | × wasm 1 thread, same round: median (min–max) | first 8 losses vs 1 thread, max relative difference |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.workload} | ${names[r.config]} | ${r.median.toFixed(0)} (${r.min.toFixed(0)}–${r.max.toFixed(0)}) | ${r.ratioMedian.toFixed(2)} (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}) | ${r.lossDifference === 0 ? '0 (identical)' : r.lossDifference.toExponential(1)} |`),
].join('\n');
console.log(`\n${table}`);
const results = path.join(here, 'results');
mkdirSync(results, { recursive: true });
writeFileSync(path.join(results, 'threads.json'), `${JSON.stringify({ machine: machineInfo(), batch: BATCH, seconds: SECONDS, rows, measurements }, null, 2)}\n`);
writeFileSync(path.join(results, 'threads.md'), `# Using both cores\n\n${table}\n`);
