import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { openRunForGrid, writeGrid } from '../gridCommand.js';
import type { BackendRequest } from '../../host/backend.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../host/runTraining.js';
import { reconstructionImages } from '../../numerics/inference.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';

/** Examples shown: 32 originals and their reconstructions make an 8 × 8 grid. */
const EXAMPLES = 32;

export function registerReconstruct(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('reconstruct')
    .description("write a grid of an autoencoder run's inputs (odd rows) and reconstructions (even rows)")
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .option('-o, --output <file>', 'PNG to write (default <run>/reconstruction.png)')
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: { output?: string; backend: BackendRequest }) => exit(await reconstruct(io, run, flags)));
}

async function reconstruct(io: CliIo, run: string, flags: { output?: string; backend: BackendRequest }): Promise<number> {
  const grid = await openRunForGrid(io, run, flags, 'reconstruction.png', (module) => {
    const role = module.autoencoder;
    const source = role && module.data.find((d) => d.fields.some((f) => f.name === role.data));
    return new Set(source ? [source.index] : []);
  });
  if (typeof grid === 'number') return grid;
  const { module, trainer, tables } = grid.run;
  try {
    const images = await reconstructionImages(inferenceModel(trainer, tables), EXAMPLES);
    if (!images) {
      const diagnostic = makeDiagnostic('RunUnusable', module.file, undefined, { command: 'reconstruct', run, reason: `its model \`${module.name}\` is not an autoencoder of images` }, {
        field: 'reconstruct',
        hint: 'reconstruct needs a spec whose loss compares data with decoder(encoder(data)), on image-shaped data',
      });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const failed = await writeGrid(io, grid, images);
    if (failed !== undefined) return failed;
    io.stdout(`wrote ${images.count / 2} reconstructions to ${path.relative(io.cwd, grid.output)}\n`);
    return ExitCode.ok;
  } finally {
    trainer.dispose();
  }
}
