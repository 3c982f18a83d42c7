import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CliIo, type ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { loadSplit, parseSplit, type ExampleFlags } from '../exampleRun.js';
import { openRunForInference } from '../openRunForInference.js';
import { outputInRunProblem, RUN_FIELD, type OpenedRun } from '../savedRun.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../host/runTraining.js';
import { labelFieldOf } from '../../host/data/splitSource.js';
import { describeSource, hasSplits } from '../../ir/heldOut.js';
import { encodeNpy } from '../../host/data/npyWrite.js';
import { writeFailure, writeFileAtomic } from '../../host/atomicWrite.js';
import { exampleCodes } from '../../numerics/exampleCodes.js';
import { autoencoderParts, type AutoencoderParts } from '../../numerics/inference.js';
import { linearProbe } from '../../numerics/linearProbe.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { formatCount } from '../../ir/limits.js';

interface EncodeFlags extends ExampleFlags {
  output?: string;
  probe?: boolean;
  ema?: boolean;
}

export function registerEncode(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('encode')
    .description("write the code of every example of a trained autoencoder's data (features, compression)")
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .option('--split <split>', 'train or test: read this split of the run\'s source (mnist, fashion_mnist) instead of the declared one')
    .option('-o, --output <file>', 'codes.npy (float32, N × code size) or codes.csv (one row per example, the label last); default <run>/codes.npy')
    .option('--probe', "fit a linear classifier on the train split's codes and report its accuracy on the test split")
    .option('--ema', 'use the EMA weights of networks that have them')
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: EncodeFlags) => exit(await encode(io, run, flags)));
}

async function encode(io: CliIo, runDir: string, flags: EncodeFlags): Promise<number> {
  const split = parseSplit(flags.split);
  const shownOutput = flags.output ?? path.join(runDir, 'codes.npy');
  const output = path.resolve(io.cwd, shownOutput);
  const format = path.extname(output).toLowerCase() === '.csv' ? 'csv' : 'npy';
  const outputProblem = await outputInRunProblem(io.cwd, runDir, flags.output, output, flags.output !== undefined ? '--output' : RUN_FIELD, shownOutput, ['.npy', '.csv']);
  if (outputProblem) {
    printDiagnostics(io, [outputProblem], undefined, 'text');
    return ExitCode.usage;
  }
  const run = await openRunForInference(io, runDir, flags.backend, () => new Set());
  if (typeof run === 'number') return run;
  try {
    const model = inferenceModel(run.trainer, run.tables, flags.ema);
    const parts = autoencoderParts(model.ir);
    if (!parts) {
      const problem = makeDiagnostic('NotAnAutoencoder', run.module.file, undefined, { command: 'encode', model: run.module.name }, {
        field: RUN_FIELD,
        hint: 'encode works on autoencoders and VAEs: a loss such as `mse(x, decoder(encoder(x)))`',
      });
      printDiagnostics(io, [problem], undefined, 'text');
      return ExitCode.errors;
    }
    if (flags.probe && !probeApplies(io, run, parts)) return ExitCode.errors;
    const loaded = await loadSplit(io, run, parts.source, split);
    if (typeof loaded === 'number') return loaded;
    const { codes, size } = await exampleCodes(model, { ...parts, source: loaded.source }, loaded.table);
    const labelField = labelFieldOf(loaded.source);
    const labels = labelField ? (loaded.table.fields.get(labelField) as Int32Array) : undefined;
    const bytes = format === 'npy' ? encodeNpy(codes, [loaded.table.count, size]) : codesCsv(codes, size, labels);
    try {
      await writeFileAtomic(output, bytes);
    } catch (error) {
      printDiagnostics(io, [writeFailure(error, output, flags.output !== undefined ? '--output' : RUN_FIELD)], undefined, 'text');
      return ExitCode.errors;
    }
    io.stdout(`encoded ${formatCount(loaded.table.count)} examples of ${describeSource(loaded.source.spec)} to ${path.relative(io.cwd, output)}\n`);
    io.stdout(`${compressionLine(parts, size)}\n`);
    if (labels && format === 'npy') io.stdout(`labels: not in a .npy of codes; write codes.csv to keep them beside the codes\n`);
    if (flags.probe) {
      const line = await probeLine(io, run, model, parts, loaded, codes, size);
      if (typeof line === 'number') return line;
      io.stdout(`${line}\n`);
    }
    return ExitCode.ok;
  } finally {
    run.trainer.dispose();
  }
}

type LoadedSplit = Exclude<Awaited<ReturnType<typeof loadSplit>>, number>;

/** Encodes the other split too, fits the probe on train, and describes its test accuracy. */
async function probeLine(
  io: CliIo,
  run: OpenedRun,
  model: ReturnType<typeof inferenceModel>,
  parts: AutoencoderParts,
  encoded: LoadedSplit,
  codes: Float32Array,
  size: number,
): Promise<string | number> {
  const encodedSplit = hasSplits(encoded.source.spec) ? encoded.source.spec.split : 'train';
  const other = await loadSplit(io, run, parts.source, encodedSplit === 'train' ? 'test' : 'train');
  if (typeof other === 'number') return other;
  const otherCodes = (await exampleCodes(model, { ...parts, source: other.source }, other.table)).codes;
  const [train, test] = encodedSplit === 'train' ? [{ ...encoded, codes }, { ...other, codes: otherCodes }] : [{ ...other, codes: otherCodes }, { ...encoded, codes }];
  const labels = (split: LoadedSplit) => split.table.fields.get(labelFieldOf(split.source)!) as Int32Array;
  const labelType = train.source.fields.find((f) => f.role === 'label')!.type;
  const probe = linearProbe(
    { codes: train.codes, size, labels: labels(train) },
    { codes: test.codes, size, labels: labels(test) },
    { classes: labelType.kind === 'class' ? labelType.classes : 10 },
  );
  return (
    `linear probe (logistic regression on standardised codes, ${probe.iterations} full-batch Adam iterations): ` +
    `test accuracy ${(100 * probe.testAccuracy).toFixed(2)}% on ${formatCount(test.table.count)} examples ` +
    `(train ${(100 * probe.trainAccuracy).toFixed(2)}% on ${formatCount(train.table.count)})`
  );
}

/** A probe needs labels on both splits: only mnist and fashion_mnist have two. */
function probeApplies(io: CliIo, run: OpenedRun, parts: AutoencoderParts): boolean {
  if (hasSplits(parts.source.spec)) return true;
  const problem = makeDiagnostic('ProbeNeedsLabels', run.module.file, undefined, { source: parts.source.spec.kind, problem: 'has no train and test splits' }, {
    field: '--probe',
    hint: 'train the autoencoder on mnist or fashion_mnist, or fit a classifier on codes.csv yourself',
  });
  printDiagnostics(io, [problem], undefined, 'text');
  return false;
}

function codesCsv(codes: Float32Array, size: number, labels: Int32Array | undefined): string {
  const header = [...Array.from({ length: size }, (_, i) => `code_${i}`), ...(labels ? ['label'] : [])].join(',');
  const rows: string[] = [header];
  for (let i = 0; i * size < codes.length; i++) {
    const row = Array.from(codes.subarray(i * size, (i + 1) * size), (v) => String(v));
    if (labels) row.push(String(labels[i]));
    rows.push(row.join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** The code's size against the input's: bits per example at float32 and at the input's stored precision. */
function compressionLine(parts: AutoencoderParts, codeSize: number): string {
  const field = parts.source.fields.find((f) => f.name === parts.role.data)!;
  const inputs = field.type.kind === 'tensor' ? field.type.shape.reduce((a, b) => a * b, 1) : 1;
  // Image sources store 8-bit pixels; numeric sources (csv, npy) are counted as float32.
  const bitsPerInput = ['mnist', 'fashion_mnist', 'idx', 'images'].includes(parts.source.spec.kind) ? 8 : 32;
  const [inputBits, codeBits] = [inputs * bitsPerInput, codeSize * 32];
  return (
    `code: ${formatCount(codeSize)} values per example = ${formatCount(codeBits)} bits as float32, ` +
    `for ${formatCount(inputs)} inputs = ${formatCount(inputBits)} bits (${bitsPerInput}-bit): ` +
    `compression ratio ${(inputBits / codeBits).toFixed(2)}×`
  );
}

