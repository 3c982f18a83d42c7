// What `encode` and `score` share: `--split` checked, and the run's source
// loaded again from the split asked for, with every class and
// its labels (src/host/data/splitSource.ts). Each step prints its own
// diagnostics; a returned number is the exit status to stop with.

import type { DataSource } from '../ir/types.js';
import type { DataTable } from '../numerics/dataTable.js';
import { loadData } from '../host/data/loadData.js';
import { splitSource } from '../host/data/splitSource.js';
import { hasSplits, type Split } from '../ir/heldOut.js';
import type { BackendRequest } from '../host/backend.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { printDiagnostics } from './printDiagnostics.js';
import type { OpenedRun } from './savedRun.js';
import { ExitCode, UsageError, type CliIo } from './io.js';

export interface ExampleFlags {
  readonly split?: string;
  readonly backend: BackendRequest;
}

/** `--split`, checked: train, test, or absent (the split the spec declares). */
export function parseSplit(split: string | undefined): Split | undefined {
  if (split === undefined || split === 'train' || split === 'test') return split;
  throw new UsageError(`--split must be train or test, not ${split}`);
}

/** `source` loaded from `split`; a number is the exit status after printing why not. */
export async function loadSplit(io: CliIo, run: OpenedRun, source: DataSource, split: Split | undefined): Promise<{ source: DataSource; table: DataTable } | number> {
  if (split !== undefined && !hasSplits(source.spec)) {
    const problem = makeDiagnostic('NoSplits', run.module.file, undefined, { split, source: source.spec.kind }, {
      field: '--split',
      hint: 'leave --split out to read the source as the spec declares it',
    });
    printDiagnostics(io, [problem], undefined, 'text');
    return ExitCode.errors;
  }
  const read = splitSource(source, split);
  const data = await loadData(read, run.specDir);
  printDiagnostics(io, data.diagnostics, undefined, 'text');
  return data.value ? { source: read, table: data.value } : ExitCode.errors;
}
