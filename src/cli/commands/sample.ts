import type { IrModule } from '../../ir/types.js';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { sourcesOf } from '../savedRun.js';
import { openRunForGrid, writeGrid } from '../gridCommand.js';
import type { BackendRequest } from '../../host/backend.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../host/runTraining.js';
import { sampleImages } from '../../numerics/inference.js';
import type { SamplePlan } from '../../numerics/sampleLatents.js';
import type { ImageBatch } from '../../numerics/inference.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { formatCount, MAX_SEED } from '../../ir/limits.js';
import { samplePlan, type SampleLayoutFlags } from '../samplePlan.js';

interface SampleFlags extends SampleLayoutFlags {
  n: string;
  output?: string;
  ema?: boolean;
  seed?: string;
  sample?: string;
  backend: BackendRequest;
}

export function registerSample(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('sample')
    .description("write a grid of samples of a trained run's `sample` expression")
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .option('--n <count>', `how many samples (at most ${MAX_GRID_SAMPLES})`, '64')
    .option('-o, --output <file>', 'PNG to write (default <run>/sample.png)')
    .option('--ema', 'use the EMA weights of networks that have them')
    .option('--seed <seed>', "draw the latents from this seed instead of the run's (0 to 4294967295)")
    .option('--sample <k,...>', "which of the train block's `sample` lines, 1 first (default 1); several: their grids row by row, cell for cell (x, then G(x))")
    .option('--class <k>', 'conditional generators: every sample of class K (its categorical latents set to K)')
    .option('--interpolate', 'each row walks from one latent draw to another (spherical for normal latents)')
    .option('--traverse [latent]', 'each row sweeps one dimension of a normal or uniform latent (default: the first the sample reads) over ±3 std, the others at the mean')
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: SampleFlags) => exit(await sample(io, run, flags)));
}

/** The most samples one grid draws: they run through the generator as one batch, which must fit in memory (wasm's heap is 4 GiB). */
const MAX_GRID_SAMPLES = 4096;

async function sample(io: CliIo, run: string, flags: SampleFlags): Promise<number> {
  const count = Number(flags.n);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--n must be a positive integer, not ${flags.n}`);
  if (count > MAX_GRID_SAMPLES) {
    throw new UsageError(`--n is at most ${formatCount(MAX_GRID_SAMPLES)} (a 64 × 64 grid), not ${flags.n}: the samples are drawn as one batch, and a grid is for looking at; \`aeganc eval\` measures many more`);
  }
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && (!/^\d+$/.test(flags.seed!) || seed > MAX_SEED)) {
    throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}, not ${flags.seed}`);
  }
  if (flags.interpolate && flags.traverse !== undefined) throw new UsageError('--interpolate and --traverse lay out the grid in two different ways; give one of them');
  const lines = sampleLines(flags.sample);
  const grid = await openRunForGrid(io, run, flags, 'sample.png', (module) => {
    checkSampleLines(lines, module.train.samples.length);
    return new Set(lines.flatMap((k) => (module.train.samples[k - 1] ? [...sourcesOf(module, module.train.samples[k - 1]!.node)] : [])));
  });
  if (typeof grid === 'number') return grid;
  const { module, trainer, tables } = grid.run;
  try {
    const target = module.train.samples[lines[0]! - 1];
    const problem = !target
      ? { text: 'its spec has nothing to sample', hint: nothingToSampleHint(module) }
      : flags.ema && module.train.ema.length === 0
        ? { text: 'its spec keeps no EMA for --ema', hint: 'add `ema G 0.999` to its train block, or drop --ema' }
        : undefined;
    if (problem || !target) {
      const diagnostic = makeDiagnostic('RunUnusable', module.file, undefined, { command: 'sample', run, reason: problem?.text ?? '' }, { field: 'sample', hint: problem?.hint ?? '' });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const plan = samplePlan(module, target.node, count, flags);
    if ('code' in plan) {
      printDiagnostics(io, [plan], undefined, 'text');
      return ExitCode.errors;
    }
    const model = inferenceModel(trainer, tables, flags.ema);
    const batches = [];
    for (const k of lines) batches.push(await sampleImages(model, module.train.samples[k - 1]!.node, count, plan, seed));
    const images = rowByRow(batches);
    if (!images) {
      const diagnostic = makeDiagnostic('RunUnusable', module.file, undefined, { command: 'sample', run, reason: 'the value its spec samples is not an image' }, {
        field: 'sample',
        hint: lines.length > 1
          ? 'give --sample lines whose values are images of one shape ([H, W, C] with C = 1, 3 or 4, [H, W], or a square [H·W])'
          : 'sample a value shaped [H, W, C] with C = 1, 3 or 4, [H, W], or a square [H·W]',
      });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const failed = await writeGrid(io, grid, images);
    if (failed !== undefined) return failed;
    const shown = lines.length > 1 ? ` of sample lines ${lines.join(', ')}, row by row` : lines[0] !== 1 ? ` of sample line ${lines[0]}` : '';
    io.stdout(`wrote ${images.count} samples${shown}${describePlan(plan, flags)} to ${path.relative(io.cwd, grid.output)}\n`);
    return ExitCode.ok;
  } finally {
    trainer.dispose();
  }
}

/** For an autoencoder, the latent and `sample` line that would sample its decoder; else a GAN's form. */
function nothingToSampleHint(module: IrModule): string {
  const decoder = module.networks.find((n) => n.name === module.autoencoder?.decoder);
  const code = decoder?.inputs.length === 1 ? decoder.inputs[0]!.shape : undefined;
  if (!decoder || !code) return 'add `sample G(z) every N` to its train block';
  return `declare a latent shaped like the code (\`latent z: [${code.join(', ')}] ~ normal(0, 1)\`) and add \`sample ${decoder.name}(z) every N\` to its train block`;
}

/** --sample: 1-based indices of the train block's sample lines, default the first. */
function sampleLines(flag: string | undefined): number[] {
  if (flag === undefined) return [1];
  const lines = flag.split(',').map((k) => k.trim());
  if (lines.some((k) => !/^[1-9]\d*$/.test(k))) throw new UsageError(`--sample takes sample line numbers from 1, separated by commas (1,2), not ${flag}`);
  return lines.map(Number);
}

function checkSampleLines(lines: readonly number[], available: number): void {
  const missing = lines.filter((k) => k > available);
  if (missing.length > 0 && available > 0) {
    throw new UsageError(`--sample ${missing.join(',')}: the run's spec has ${available} sample line${available === 1 ? '' : 's'}, numbered 1 to ${available}`);
  }
}

/**
 * Several sample lines in one grid: rows of `columns` cells of the first line, then the
 * same cells of the next (a digit above its translation); undefined if any is no image or
 * the shapes differ. One line is its own batch.
 */
function rowByRow(batches: readonly (ImageBatch | undefined)[]): ImageBatch | undefined {
  const first = batches[0];
  if (!first || batches.length === 1) return first;
  if (batches.some((b) => !b || b.shape.join() !== first.shape.join())) return undefined;
  const columns = Math.max(1, Math.ceil(Math.sqrt(first.count)));
  const rows = Math.ceil(first.count / columns);
  const size = first.shape[0] * first.shape[1] * first.shape[2];
  const low = Math.min(...batches.map((b) => b!.range[0]));
  const high = Math.max(...batches.map((b) => b!.range[1]));
  // A last row short of `columns` is filled out with empty (lowest-value) cells, so the lines stay aligned.
  const images = new Float32Array(batches.length * rows * columns * size).fill(low);
  let out = 0;
  for (let start = 0; start < first.count; start += columns) {
    const end = Math.min(first.count, start + columns);
    for (const b of batches) {
      images.set(b!.images.subarray(start * size, end * size), out);
      out += columns * size;
    }
  }
  return { images, count: batches.length * rows * columns, shape: first.shape, range: [low, high], columns };
}

/** What the grid shows, for the confirmation line: ` (class 3, interpolated, EMA weights)`. */
function describePlan(plan: SamplePlan, flags: SampleFlags): string {
  const parts = [
    ...(plan.classLabel !== undefined ? [`class ${plan.classLabel}`] : []),
    ...(plan.layout.kind === 'interpolate' ? ['interpolated rows'] : []),
    ...(plan.layout.kind === 'traverse' ? [`traversing \`${plan.layout.latent}\`, one dimension per row`] : []),
    ...(flags.seed !== undefined ? [`seed ${flags.seed}`] : []),
    ...(flags.ema ? ['EMA weights'] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
