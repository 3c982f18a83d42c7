import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CliIo } from '../io.js';
import type { ExitSink } from './index.js';
import { printDiagnostics } from '../loadSpec.js';
import { openRun, outputFileProblem, writeGridFile } from '../trainingRun.js';
import { selectBackend, type BackendRequest } from '../../runtime/backend.js';
import { backendOption } from '../backendOption.js';
import { inferenceModel } from '../../runtime/trainRun.js';
import { reconstructionImages } from '../../runtime/inference.js';
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
  // -o is checked before the run is opened; the default (in the run) once it is.
  const shownOutput = flags.output ?? path.join(run, 'reconstruction.png');
  const output = path.resolve(io.cwd, shownOutput);
  const outputFlag = flags.output !== undefined ? '--output' : 'RUN';
  const earlyProblem = flags.output !== undefined ? await outputFileProblem(output, outputFlag, shownOutput) : undefined;
  if (earlyProblem) {
    printDiagnostics(io, [earlyProblem], undefined, 'text');
    return ExitCode.usage;
  }
  const backend = await selectBackend(flags.backend);
  printDiagnostics(io, backend.diagnostics, undefined, 'text');
  if (!backend.value) return ExitCode.errors;

  const runDir = path.resolve(io.cwd, run);
  const opened = await openRun(runDir, (module) => {
    const role = module.autoencoder;
    const source = role && module.data.find((d) => d.fields.some((f) => f.name === role.data));
    return new Set(source ? [source.index] : []);
  });
  printDiagnostics(io, opened.diagnostics, opened.text, 'text');
  if (!opened.run) return opened.status;
  const { module, trainer, tables } = opened.run;
  try {
    const outputProblem = await outputFileProblem(output, outputFlag, shownOutput);
    if (outputProblem) {
      printDiagnostics(io, [outputProblem], undefined, 'text');
      return ExitCode.usage;
    }
    const images = await reconstructionImages(inferenceModel(trainer, tables), EXAMPLES);
    if (!images) {
      const diagnostic = makeDiagnostic('UsageError', module.file, undefined, { problem: `\`${module.name}\` is not an autoencoder of images` }, {
        field: 'reconstruct',
        hint: 'reconstruct needs a spec whose loss compares data with decoder(encoder(data)), on image-shaped data',
      });
      printDiagnostics(io, [diagnostic], undefined, 'text');
      return ExitCode.errors;
    }
    const failed = await writeGridFile(output, images, outputFlag);
    if (failed) {
      printDiagnostics(io, [failed], undefined, 'text');
      return ExitCode.errors;
    }
    io.stdout(`wrote ${images.count / 2} reconstructions to ${path.relative(io.cwd, output)}\n`);
    return ExitCode.ok;
  } finally {
    trainer.dispose();
  }
}
