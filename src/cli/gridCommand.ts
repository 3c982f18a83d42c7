// What `sample` and `reconstruct` share: check the output path, open the
// trained run (./openRunForInference.ts), and write the grid. Each step prints its own
// diagnostics; a returned number is the exit status to stop with.

import path from 'node:path';
import type { IrModule } from '../ir/types.js';
import type { ImageBatch } from '../numerics/inference.js';
import type { BackendRequest } from '../host/backend.js';
import { printDiagnostics } from './printDiagnostics.js';
import { outputFileProblem, writeGridFile, type OpenedRun } from './savedRun.js';
import { openRunForInference } from './openRunForInference.js';
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
  const opened = await openRunForInference(io, run, flags.backend, needsData);
  if (typeof opened === 'number') return opened;
  if (!(await checkOutput())) {
    opened.trainer.dispose();
    return ExitCode.usage;
  }
  return { run: opened, output, outputFlag };
}

/** Writes the grid; undefined when it was written, else the exit status. */
export async function writeGrid(io: CliIo, grid: GridRun, images: ImageBatch): Promise<number | undefined> {
  const failed = await writeGridFile(grid.output, images, grid.outputFlag);
  if (!failed) return undefined;
  printDiagnostics(io, [failed], undefined, 'text');
  return ExitCode.errors;
}
