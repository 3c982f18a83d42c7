import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo, type ExitSink } from '../io.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { describeIoError } from '../../host/ioErrors.js';
import { RunFiles } from '../../host/runDirectory.js';
import { summariseRuns, type RunSummary } from '../../host/report/runSummary.js';
import { formatNumber } from '../../host/report/svgChart.js';

interface RunsFlags {
  format: string;
}

export function registerRuns(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('runs')
    .description('list the runs under a directory: model, steps, last losses, eval and state')
    .argument('[dir]', 'folder holding run directories', 'runs')
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, flags: RunsFlags) => exit(await runs(io, dir, flags)));
}

const HINT = '`aeganc train FILE` writes its run under runs/<model>-<time>/; pass the folder that holds your runs';

async function runs(io: CliIo, dir: string, flags: RunsFlags): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format must be text or json, not ${flags.format}`);
  const root = path.resolve(io.cwd, dir);
  let names: string[];
  let isRun = false;
  try {
    const info = await stat(root);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR', syscall: 'scandir' });
    const entries = await readdir(root, { withFileTypes: true });
    names = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    // A run directory given itself is listed alone.
    isRun = entries.some((e) => e.name === RunFiles.info);
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'it is a file, not a directory' : describeIoError(error);
    printDiagnostics(io, [makeDiagnostic('NoRunsDirectory', dir, undefined, { path: dir, problem }, { field: 'DIR', hint: HINT })], undefined, flags.format);
    return ExitCode.usage;
  }
  const summaries = await summariseRuns(root, names, isRun);
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ dir, runs: summaries }, null, 2)}\n`);
    return ExitCode.ok;
  }
  if (summaries.length === 0) {
    io.stdout(`no runs in ${dir}\n`);
    return ExitCode.ok;
  }
  io.stdout(runsTable(summaries));
  return ExitCode.ok;
}

function pairs(values: Readonly<Record<string, number>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k} ${formatNumber(v)}`)
    .join(', ');
}

/** Text columns, padded; the last column (state and reason) is left unpadded. */
export function runsTable(summaries: readonly RunSummary[]): string {
  const header = ['RUN', 'MODEL', 'STEP', 'LOSSES', 'HELD-OUT / EVAL', 'STATE'];
  const rows = summaries.map((s) => {
    const held = [pairs(s.heldOut), s.eval ? `eval.json: ${pairs(Object.fromEntries(Object.entries(s.eval).slice(0, 4)))}` : ''].filter((t) => t !== '').join('; ');
    return [s.run, s.model ?? '?', s.step !== undefined ? String(s.step) : '-', pairs(s.losses) || '-', held || '-', s.state + (s.problems[0] && s.state !== 'ok' ? `: ${s.problems[0]}` : '')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
