import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo, type ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { loadSplit, parseSplit, type ExampleFlags } from '../exampleRun.js';
import { openRunForInference } from '../openRunForInference.js';
import { outputInRunProblem, RUN_FIELD, type OpenedRun } from '../savedRun.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../host/runTraining.js';
import { labelFieldOf } from '../../host/data/splitSource.js';
import { describeSource, hasSplits } from '../../ir/heldOut.js';
import { writeFailure, writeFileAtomic } from '../../host/atomicWrite.js';
import { criticScores, reconstructionErrors } from '../../numerics/exampleCodes.js';
import { autoencoderParts } from '../../numerics/inference.js';
import { rocAuc } from '../../numerics/rocAuc.js';
import { modelKind } from '../../host/eval/modelKind.js';
import { negativeElbos } from '../../host/eval/vae.js';
import type { DataSource, IrModule, Network } from '../../ir/types.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { formatCount } from '../../ir/limits.js';

interface ScoreFlags extends ExampleFlags {
  output?: string;
  normal?: string;
  critic?: string;
  ema?: boolean;
}

export function registerScore(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('score')
    .description('write an anomaly score for every example (higher = more anomalous) and, with labels, the ROC-AUC')
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .option('--split <split>', "train or test: score this split of the run's source, every class (default: test for mnist and fashion_mnist)")
    .option('-o, --output <file>', 'scores.csv: index, label, score, anomalous (default <run>/scores.csv)')
    .option('--normal <classes>', "the normal classes, e.g. 0 or 1,7 (default: the source's `classes:`); every other class is an anomaly")
    .option('--critic <network>', "GANs: the discriminator to score with (default: the one network from the data's shape to [1])")
    .option('--ema', 'use the EMA weights of networks that have them')
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: ScoreFlags) => exit(await score(io, run, flags)));
}

async function score(io: CliIo, runDir: string, flags: ScoreFlags): Promise<number> {
  const requested = parseSplit(flags.split);
  const normalFlag = flags.normal === undefined ? undefined : parseClasses(flags.normal);
  const shownOutput = flags.output ?? path.join(runDir, 'scores.csv');
  const output = path.resolve(io.cwd, shownOutput);
  const outputField = flags.output !== undefined ? '--output' : RUN_FIELD;
  const outputProblem = await outputInRunProblem(io.cwd, runDir, flags.output, output, outputField, shownOutput, ['.csv']);
  if (outputProblem) {
    printDiagnostics(io, [outputProblem], undefined, 'text');
    return ExitCode.usage;
  }
  const run = await openRunForInference(io, runDir, flags.backend, () => new Set());
  if (typeof run === 'number') return run;
  try {
    const model = inferenceModel(run.trainer, run.tables, flags.ema);
    const parts = autoencoderParts(model.ir);
    const scorer = parts ? undefined : criticOf(run.module, flags.critic);
    if (!parts && !scorer) return nothingToScore(io, run);
    const declared = parts?.source ?? scorer!.source;
    const split = requested ?? (hasSplits(declared.spec) ? 'test' : undefined);
    const loaded = await loadSplit(io, run, declared, split);
    if (typeof loaded === 'number') return loaded;
    const classes = loaded.source.fields.find((f) => f.name === labelFieldOf(loaded.source))?.type;
    const unknown = classes?.kind === 'class' ? normalFlag?.find((c) => c >= classes.classes) : undefined;
    if (unknown !== undefined && classes?.kind === 'class') {
      throw new UsageError(`--normal ${flags.normal}: the labels are classes 0 to ${classes.classes - 1}, so there is no class ${unknown}`);
    }
    const kind = modelKind(run.module);
    const scores =
      kind.kind === 'vae'
        ? await negativeElbos(model.ir, { ...kind.parts, source: loaded.source, mu: kind.mu, logvar: kind.logvar }, model, loaded.table, model.ir.train.batch)
        : parts
          ? await reconstructionErrors(model, { ...parts, source: loaded.source }, loaded.table)
          : (await criticScores(model, scorer!.critic, loaded.source, scorer!.field, loaded.table)).map((realness) => -realness);
    const labelField = labelFieldOf(loaded.source);
    const labels = labelField ? (loaded.table.fields.get(labelField) as Int32Array) : undefined;
    const normal = normalFlag ?? declared.classes;
    const anomalous = labels && normal ? Array.from(labels, (l) => !normal.includes(l)) : undefined;
    try {
      await writeFileAtomic(output, scoresCsv(scores, labels, anomalous));
    } catch (error) {
      printDiagnostics(io, [writeFailure(error, output, outputField)], undefined, 'text');
      return ExitCode.errors;
    }
    const how =
      kind.kind === 'vae'
        ? '−ELBO in nats (summed BCE over pixels with one z ~ q(z|x), plus the KL), as `aeganc eval` reports it'
        : parts
          ? 'reconstruction mean squared error'
          : `−${scorer!.critic.name}(x), the critic's realness negated`;
    io.stdout(`scored ${formatCount(loaded.table.count)} examples of ${describeSource(loaded.source.spec)} by ${how}: ${path.relative(io.cwd, output)}\n`);
    if (anomalous) {
      const auc = rocAuc(scores, anomalous);
      const count = anomalous.filter(Boolean).length;
      io.stdout(
        auc === undefined
          ? `ROC-AUC: undefined (${count === 0 ? 'no example is an anomaly' : 'every example is an anomaly'} with normal classes ${normal!.join(', ')})\n`
          : `ROC-AUC ${auc.toFixed(4)}: normal classes ${normal!.join(', ')}, ${formatCount(count)} anomalies of ${formatCount(anomalous.length)}\n`,
      );
    } else if (labels) {
      io.stdout('ROC-AUC: give --normal (the classes trained on) to measure it\n');
    }
    return ExitCode.ok;
  } finally {
    run.trainer.dispose();
  }
}

function parseClasses(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--normal must be class numbers separated by commas, such as 0 or 1,7, not ${text}`);
  return parts.map(Number);
}

/** A GAN's critic: the network `name`, or the only one taking the first image field's shape to [1]. */
function criticOf(module: IrModule, name: string | undefined): { critic: Network; source: DataSource; field: string } | undefined {
  for (const source of module.data) {
    const field = source.fields.find((f) => f.role === 'example');
    if (!field || field.type.kind !== 'tensor') continue;
    const shape = field.type.shape.join(',');
    const fits = module.networks.filter(
      (n) => n.inputs.length === 1 && n.inputs[0]!.shape.join(',') === shape && n.outputs.length === 1 && n.outputs[0]!.shape.join(',') === '1',
    );
    const critic = name === undefined ? (fits.length === 1 ? fits[0] : undefined) : fits.find((n) => n.name === name);
    if (critic) return { critic, source, field: field.name };
  }
  return undefined;
}

function nothingToScore(io: CliIo, run: OpenedRun): number {
  const field = run.module.data[0]?.fields.find((f) => f.role === 'example')?.name ?? 'x';
  const problem = makeDiagnostic('NothingToScore', run.module.file, undefined, { model: run.module.name, field }, {
    field: RUN_FIELD,
    hint: 'score works on autoencoders (reconstruction error), VAEs (−ELBO) and on GANs with one critic (name it with --critic)',
  });
  printDiagnostics(io, [problem], undefined, 'text');
  return ExitCode.errors;
}

function scoresCsv(scores: Float32Array, labels: Int32Array | undefined, anomalous: readonly boolean[] | undefined): string {
  const header = ['index', ...(labels ? ['label'] : []), 'score', ...(anomalous ? ['anomalous'] : [])].join(',');
  const rows = Array.from(scores, (s, i) => [i, ...(labels ? [labels[i]] : []), s, ...(anomalous ? [anomalous[i] ? 1 : 0] : [])].join(','));
  return `${[header, ...rows].join('\n')}\n`;
}
