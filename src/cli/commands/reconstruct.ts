import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CliIo } from '../io.js';
import type { ExitSink } from './index.js';
import { printDiagnostics } from '../loadSpec.js';
import { openRun } from '../trainingRun.js';
import { selectBackend, type BackendRequest } from '../../runtime/backend.js';
import { writeImageGrid } from '../../runtime/imageGrid.js';
import { inferenceModel } from '../../runtime/trainRun.js';
import { reconstructionImages } from '../../runtime/inference.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';

/** Examples shown: 32 originals and their reconstructions make an 8 × 8 grid. */
const EXAMPLES = 32;

export function registerReconstruct(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('reconstruct')
    .description("write a grid of an autoencoder run's inputs (odd rows) and reconstructions (even rows)")
    .argument('<run>', 'run directory written by `aeganc train`')
    .option('-o, --output <file>', 'PNG to write (default <run>/reconstruction.png)')
    .option('--backend <name>', 'auto|wasm|cpu|webgpu|tensorflow', 'auto')
    .action(async (run: string, flags: { output?: string; backend: string }) => exit(await reconstruct(io, run, flags)));
}

async function reconstruct(io: CliIo, run: string, flags: { output?: string; backend: string }): Promise<number> {
  const backend = await selectBackend(flags.backend as BackendRequest);
  printDiagnostics(io, backend.diagnostics, undefined, 'text');
  if (!backend.value) return ExitCode.errors;

  const runDir = path.resolve(io.cwd, run);
  const opened = await openRun(runDir, (module) => {
    const role = module.autoencoder;
    const source = role && module.data.find((d) => d.fields.some((f) => f.name === role.data));
    return new Set(source ? [source.index] : []);
  });
  printDiagnostics(io, opened.diagnostics, opened.text, 'text');
  if (!opened.run) return ExitCode.errors;
  const { module, trainer, tables } = opened.run;
  try {
    const images = await reconstructionImages(inferenceModel(trainer, tables), EXAMPLES);
    if (!images) {
      const diagnostic = makeDiagnostic('UsageError', module.file, undefined, { problem: `\`${module.name}\` is not an autoencoder of images` }, {
        field: 'reconstruct',
        hint: 'reconstruct needs a spec whose loss compares data with decoder(encoder(data)), on image-shaped data',
      });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const output = path.resolve(io.cwd, flags.output ?? path.join(run, 'reconstruction.png'));
    await mkdir(path.dirname(output), { recursive: true });
    await writeImageGrid(output, images.images, images.count, images.shape, images.range);
    io.stdout(`wrote ${images.count / 2} reconstructions to ${path.relative(io.cwd, output)}\n`);
    return ExitCode.ok;
  } finally {
    trainer.dispose();
  }
}
