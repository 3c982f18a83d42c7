import { counted } from '../../ir/limits.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, type CliIo, type ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { describeIoError } from '../../host/ioErrors.js';
import { cannotWrite, fileOutputProblem, writeFailure, writeFileAtomic } from '../../host/atomicWrite.js';
import { lockedBy } from '../../host/runLock.js';
import { buildReport } from '../../host/report/writeReport.js';
import { REPORT_FILE } from '../../host/report/runContents.js';

interface ReportFlags {
  output?: string;
}

export function registerReport(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('report')
    .description("rewrite a run's report.html: loss curves, sample grids, reconstructions, eval, params and spec, in one self-contained page")
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .option('-o, --output <file>', `HTML file to write (default <run>/${REPORT_FILE})`)
    .action(async (run: string, flags: ReportFlags) => exit(await report(io, run, flags)));
}

const RUN_HINT = 'pass a directory written by `aeganc train` (runs/<model>-<time>/); `aeganc runs` lists them';

async function report(io: CliIo, run: string, flags: ReportFlags): Promise<number> {
  const dir = path.resolve(io.cwd, run);
  const fail = (diagnostic: Parameters<typeof printDiagnostics>[1][number], status: number) => {
    printDiagnostics(io, [diagnostic], undefined, 'text');
    return status;
  };
  try {
    if (!(await stat(dir)).isDirectory()) {
      return fail(makeDiagnostic('FileNotFound', run, undefined, { path: run, problem: 'it is a file, not a run directory' }, { field: 'RUN', hint: RUN_HINT }), ExitCode.usage);
    }
  } catch (error) {
    return fail(makeDiagnostic('FileNotFound', run, undefined, { path: run, problem: describeIoError(error) }, { field: 'RUN', hint: RUN_HINT }), ExitCode.usage);
  }
  const output = flags.output !== undefined ? path.resolve(io.cwd, flags.output) : path.join(dir, REPORT_FILE);
  if (flags.output !== undefined) {
    const problem = await fileOutputProblem(output);
    if (problem) return fail(cannotWrite(flags.output, problem, { field: '--output', hint: 'give --output a file name' }), ExitCode.usage);
  }
  // A live train.lock means the page shows a run still being written (which rewrites the page itself as it goes).
  const busy = await lockedBy(dir).catch(() => undefined);
  const { page, contents } = await buildReport(dir, busy ? 'training now' : undefined);
  if (!contents.info && contents.spec === undefined && contents.records.length === 0 && contents.gridFolders.length === 0) {
    return fail(makeDiagnostic('NotARunDirectory', run, undefined, { path: run }, { field: 'RUN', hint: RUN_HINT }), ExitCode.usage);
  }
  try {
    await writeFileAtomic(output, page);
  } catch (error) {
    return fail(writeFailure(error, output, flags.output !== undefined ? '--output' : undefined), ExitCode.errors);
  }
  // What the page could not show is said here too, not only inside the page.
  for (const problem of contents.problems) io.stderr(`note: ${problem}\n`);
  const where = path.relative(io.cwd, output) || output;
  io.stdout(`wrote ${where} (${counted(contents.records.length, 'metric record')}, ${counted(contents.gridFolders.reduce((n, f) => n + f.grids.length, 0), 'grid')}${contents.evalResult ? ', eval.json' : ''})\n`);
  // A damaged run is still reported on: the page shows what there is, and says what is not.
  return ExitCode.ok;
}
