import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo, type ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { loadSplit, parseSplit, type ExampleFlags } from '../exampleRun.js';
import { openRunForInference } from '../openRunForInference.js';
import { outputFileProblem, RUN_FIELD, writeGridFile, type OpenedRun } from '../savedRun.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../host/runTraining.js';
import { describeSource, hasSplits } from '../../ir/heldOut.js';
import { readMaskImage } from '../../host/maskImage.js';
import { tf } from '../../numerics/tf.js';
import { gatherBatch } from '../../numerics/dataCursor.js';
import { cutoutSquares } from '../../numerics/expressions/cutout.js';
import {
  centerSquares,
  completeImages,
  completerSource,
  completionRows,
  fillMasked,
  findCompleter,
  maskedMse,
  meanImage,
  repeatMask,
  trainedCutout,
  type Completer,
} from '../../numerics/completion.js';
import type { InferenceModel } from '../../numerics/inference.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { imageShape } from '../../ir/imageShape.js';
import { mixSeed, SeedStream } from '../../ir/seeds.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { formatCount } from '../../ir/limits.js';

interface CompleteFlags extends ExampleFlags {
  mask: string;
  size?: string;
  iterations?: string;
  count?: string;
  output?: string;
  ema?: boolean;
}

const DEFAULT_COUNT = 16;
const DEFAULT_ITERATIONS = 5;
const GRID_COLUMNS = 8;
/** Examples completed at once: bounds memory whatever --count. */
const CHUNK = 256;
/** A random slot above every slot a module uses: the seed of `--mask random`. */
const RANDOM_MASK_SLOT = 0x40000010;

export function registerComplete(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('complete')
    .description('fill a masked region of held-out images with a trained autoencoder (iterated reconstruction) or a conditional generator (pix2pix)')
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .requiredOption('--mask <mask>', 'center (a square in the middle), random (a square per image, seeded by the run) or FILE.png (white = missing)')
    .option('--size <pixels>', "the square's side for center and random (default: the model's cutout size, else half the image)")
    .option('--iterations <k>', `autoencoders: reconstruct K times, keeping the known pixels (default ${DEFAULT_ITERATIONS})`)
    .option('--split <split>', "train or test: complete this split of the run's source (default: test for mnist and fashion_mnist)")
    .option('--count <n>', `examples completed, shown and measured (default ${DEFAULT_COUNT})`)
    .option('-o, --output <file>', 'PNG grid: rows of masked inputs (holes gray), completions, originals (default <run>/completion.png)')
    .option('--ema', 'use the EMA weights of networks that have them')
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: CompleteFlags) => exit(await complete(io, run, flags)));
}

function positiveInteger(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= max)) throw new UsageError(`${flag} must be a whole number from 1 to ${formatCount(max)}, not ${text}`);
  return value;
}

async function complete(io: CliIo, runDir: string, flags: CompleteFlags): Promise<number> {
  const requested = parseSplit(flags.split);
  const count = positiveInteger('--count', flags.count, DEFAULT_COUNT, 100_000);
  const iterations = positiveInteger('--iterations', flags.iterations, DEFAULT_ITERATIONS, 1000);
  const sizeFlag = flags.size === undefined ? undefined : positiveInteger('--size', flags.size, 1, 100_000);
  const shownOutput = flags.output ?? path.join(runDir, 'completion.png');
  const output = path.resolve(io.cwd, shownOutput);
  const outputField = flags.output !== undefined ? '--output' : RUN_FIELD;
  const outputProblem = await outputFileProblem(output, outputField, shownOutput);
  if (outputProblem) {
    printDiagnostics(io, [outputProblem], undefined, 'text');
    return ExitCode.usage;
  }
  const run = await openRunForInference(io, runDir, flags.backend, () => new Set());
  if (typeof run === 'number') return run;
  try {
    const model = inferenceModel(run.trainer, run.tables, flags.ema);
    const completer = findCompleter(model);
    const source = completer && completerSource(completer);
    const field = completer && source?.fields.find((f) => f.name === completer.field);
    const shape = field?.type.kind === 'tensor' ? imageShape(field.type.shape) : undefined;
    if (!completer || !shape || field?.type.kind !== 'tensor' || field.type.shape.length !== 3) return nothingToComplete(io, run);
    const [height, width, channels] = shape;
    const loaded = await loadSplit(io, run, source!, requested ?? (hasSplits(source!.spec) ? 'test' : undefined));
    if (typeof loaded === 'number') return loaded;
    const n = Math.min(count, loaded.table.count);
    if (flags.count !== undefined && n < count) io.stderr(`note: --count ${formatCount(count)}, but the split holds ${formatCount(n)} examples: completing all of them\n`);
    const trained = trainedCutout(model.ir);
    const size = sizeFlag ?? trained.size ?? Math.floor(Math.min(height, width) / 2);
    const mask = await masksFor(io, run, flags.mask, n, height, width, size);
    if (typeof mask === 'number') return mask;

    const cell = height * width * channels;
    const original = examples(loaded.source, loaded.table, completer.field, 0, n);
    const completed = new Float32Array(n * cell);
    for (let start = 0; start < n; start += CHUNK) {
      const end = Math.min(n, start + CHUNK);
      completed.set(await completeChunk(model, completer, original.subarray(start * cell, end * cell), mask.subarray(start * height * width, end * height * width), [end - start, height, width, channels], trained.fill, iterations), start * cell);
    }
    const mean = meanImage(examples(loaded.source, loaded.table, completer.field, 0, loaded.table.count), loaded.table.count);
    const errors = {
      completion: maskedMse(completed, original, mask, channels),
      mean: maskedMse(fillMasked(original, mask, channels, mean), original, mask, channels),
      fill: maskedMse(fillMasked(original, mask, channels, trained.fill), original, mask, channels),
    };
    const [low, high] = loaded.source.range;
    const holes = fillMasked(original, mask, channels, (low + high) / 2);
    const columns = Math.min(n, GRID_COLUMNS);
    const grid = { images: completionRows([holes, completed, original], n, cell, columns), count: 3 * n, shape, range: loaded.source.range, columns };
    const failed = await writeGridFile(output, grid, outputField);
    if (failed) {
      printDiagnostics(io, [failed], undefined, 'text');
      return ExitCode.errors;
    }
    const how = completer.kind === 'generator' ? `generator \`${completer.network.name}\` (one pass)` : `autoencoder \`${completer.parts.encoder.name}\` → \`${completer.parts.decoder.name}\` (${iterations} reconstruction${iterations === 1 ? '' : 's'})`;
    io.stdout(`completed ${formatCount(n)} examples of ${describeSource(loaded.source.spec)} with ${how}, mask ${describeMask(flags.mask, size)}: ${path.relative(io.cwd, output)}\n`);
    io.stdout(`masked-region MSE ${errors.completion.toPrecision(4)}: mean-image fill ${errors.mean.toPrecision(4)}, fill with ${trained.fill} ${errors.fill.toPrecision(4)} (lower is better)\n`);
    if (completer.kind === 'generator' && flags.iterations !== undefined) io.stdout('note: a generator completes in one pass; --iterations applies to autoencoders\n');
    return ExitCode.ok;
  } finally {
    run.trainer.dispose();
  }
}

function describeMask(mask: string, size: number): string {
  return mask === 'center' || mask === 'random' ? `${mask} ${size}×${size}` : mask;
}

/** Examples `start` to `end` of `field`, in the source's range, [N, H, W, C] flattened. */
function examples(source: Parameters<typeof gatherBatch>[0], table: DataTable, field: string, start: number, end: number): Float32Array {
  const out: Float32Array[] = [];
  for (let first = start; first < end; first += CHUNK * 4) {
    const last = Math.min(end, first + CHUNK * 4);
    const batch = gatherBatch(source, table, Int32Array.from({ length: last - first }, (_, i) => first + i));
    const x = batch.get(field)!;
    out.push(x.dataSync() as Float32Array);
    tf.dispose([...batch.values()]);
  }
  const all = new Float32Array(out.reduce((t, a) => t + a.length, 0));
  let at = 0;
  for (const part of out) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

async function completeChunk(model: InferenceModel, completer: Completer, x: Float32Array, mask: Float32Array, shape: [number, number, number, number], fill: number, iterations: number): Promise<Float32Array> {
  const images = tf.tensor4d(x, shape);
  const masks = tf.tensor4d(mask, [shape[0], shape[1], shape[2], 1]);
  const out = completeImages(model, completer, images, masks, fill, iterations);
  const values = (await out.data()) as Float32Array;
  tf.dispose([images, masks, out]);
  return values;
}

/** [N, H, W] masks (1 = missing) from --mask; a number is the exit status after printing why not. */
async function masksFor(io: CliIo, run: OpenedRun, mask: string, n: number, height: number, width: number, size: number): Promise<Float32Array | number> {
  if (mask === 'center' || mask === 'random') {
    if (size > height || size > width) {
      const problem = makeDiagnostic('MaskSizeTooLarge', run.module.file, undefined, { size, height, width }, { field: '--size', hint: `give --size at most ${Math.min(height, width)}` });
      printDiagnostics(io, [problem], undefined, 'text');
      return ExitCode.usage;
    }
    if (mask === 'center') return centerSquares(n, height, width, size);
    const squares = cutoutSquares([n, height, width, 1], size, mixSeed(run.module.train.seed, SeedStream.sampleGrid, RANDOM_MASK_SLOT, 0));
    const values = (await squares.data()) as Float32Array;
    squares.dispose();
    return values;
  }
  const read = await readMaskImage(path.resolve(io.cwd, mask), height, width);
  printDiagnostics(io, read.diagnostics, undefined, 'text');
  return read.value ? repeatMask(read.value, n) : ExitCode.errors;
}

function nothingToComplete(io: CliIo, run: OpenedRun): number {
  const problem = makeDiagnostic('NothingToComplete', run.module.file, undefined, { model: run.module.name }, {
    field: RUN_FIELD,
    hint: 'complete works on autoencoders of [H, W, C] images (a loss such as `mse(x, decoder(encoder(x)))`) and on generators trained as `G(cutout(x, size: 14), ...)` that return an image shaped like x',
  });
  printDiagnostics(io, [problem], undefined, 'text');
  return ExitCode.errors;
}
