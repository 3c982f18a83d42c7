import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { printDiagnostics } from '../loadSpec.js';
import { sourcesOf } from '../savedRun.js';
import { openRunForGrid, writeGrid } from '../gridCommand.js';
import type { BackendRequest } from '../../host/backend.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../host/runTraining.js';
import { sampleImages } from '../../numerics/inference.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';

interface SampleFlags {
  n: string;
  output?: string;
  ema?: boolean;
  backend: BackendRequest;
}

export function registerSample(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('sample')
    .description("write a grid of samples of a trained run's `sample` expression")
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .option('--n <count>', 'how many samples', '64')
    .option('-o, --output <file>', 'PNG to write (default <run>/sample.png)')
    .option('--ema', 'use the EMA weights of networks that have them')
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: SampleFlags) => exit(await sample(io, run, flags)));
}

async function sample(io: CliIo, run: string, flags: SampleFlags): Promise<number> {
  const count = Number(flags.n);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--n must be a positive integer, not ${flags.n}`);
  const grid = await openRunForGrid(io, run, flags, 'sample.png', (module) =>
    module.train.samples[0] ? sourcesOf(module, module.train.samples[0].node) : new Set(),
  );
  if (typeof grid === 'number') return grid;
  const { module, trainer, tables } = grid.run;
  try {
    const target = module.train.samples[0];
    const problem = !target
      ? { text: 'the spec has nothing to sample', hint: 'add `sample G(z) every N` to its train block' }
      : flags.ema && module.train.ema.length === 0
        ? { text: '--ema: the spec keeps no EMA', hint: 'add `ema G 0.999` to its train block, or drop --ema' }
        : undefined;
    if (problem || !target) {
      const diagnostic = makeDiagnostic('UsageError', module.file, undefined, { problem: problem?.text ?? '' }, { field: 'sample', hint: problem?.hint ?? '' });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const images = await sampleImages(inferenceModel(trainer, tables, flags.ema), target.node, count);
    if (!images) {
      const diagnostic = makeDiagnostic('UsageError', module.file, undefined, { problem: 'the sampled value is not an image' }, {
        field: 'sample',
        hint: 'sample a value shaped [H, W, C] with C = 1, 3 or 4, [H, W], or a square [H·W]',
      });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const failed = await writeGrid(io, grid, images);
    if (failed !== undefined) return failed;
    io.stdout(`wrote ${images.count} samples${flags.ema ? ' (EMA weights)' : ''} to ${path.relative(io.cwd, grid.output)}\n`);
    return ExitCode.ok;
  } finally {
    trainer.dispose();
  }
}
