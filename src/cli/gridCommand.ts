// What `sample` and `reconstruct` share: check the output path, pick the
// backend, open the trained run, and write the grid. Each step prints its own
// diagnostics; a returned number is the exit status to stop with.

import path from 'node:path';
import type { IrModule } from '../ir/types.js';
import type { ImageBatch } from '../numerics/inference.js';
import { selectBackend, type BackendRequest } from '../host/backend.js';
import { printDiagnostics } from './loadSpec.js';
import { openRun, outputFileProblem, writeGridFile, type OpenedRun } from './savedRun.js';
import { ExitCode, type CliIo } from './io.js';

export interface GridRun {
  /** The caller owns `run.trainer` and must dispose it. */
  readonly run: OpenedRun;
  readonly output: string;
  readonly outputFlag: string;
}

export async function openRunForGrid(
  io: CliIo,
  run: string,
  flags: { readonly output?: string; readonly backend: BackendRequest },
  defaultName: string,
  needsData: (module: IrModule) => ReadonlySet<number>,
): Promise<GridRun | number> {
  const shownOutput = flags.output ?? path.join(run, defaultName);
  const output = path.resolve(io.cwd, shownOutput);
  const outputFlag = flags.output !== undefined ? '--output' : 'RUN';
  // -o is checked before the run is opened; the default (inside the run) once it is.
  const checkOutput = async () => {
    const problem = await outputFileProblem(output, outputFlag, shownOutput);
    if (problem) printDiagnostics(io, [problem], undefined, 'text');
    return problem === undefined;
  };
  if (flags.output !== undefined && !(await checkOutput())) return ExitCode.usage;
  const backend = await selectBackend(flags.backend);
  printDiagnostics(io, backend.diagnostics, undefined, 'text');
  if (!backend.value) return ExitCode.errors;

  const opened = await openRun(path.resolve(io.cwd, run), needsData);
  printDiagnostics(io, opened.diagnostics, opened.text, 'text');
  if (!opened.run) return opened.status;
  if (!(await checkOutput())) {
    opened.run.trainer.dispose();
    return ExitCode.usage;
  }
  return { run: opened.run, output, outputFlag };
}

/** Writes the grid; undefined when it was written, else the exit status. */
export async function writeGrid(io: CliIo, grid: GridRun, images: ImageBatch): Promise<number | undefined> {
  const failed = await writeGridFile(grid.output, images, grid.outputFlag);
  if (!failed) return undefined;
  printDiagnostics(io, [failed], undefined, 'text');
  return ExitCode.errors;
}
