// What every command that reads a trained run shares (`sample`, `reconstruct`,
// `encode`, `score`): pick the backend, then open the run with the data it
// needs, each step printing its own diagnostics.

import path from 'node:path';
import type { IrModule } from '../ir/types.js';
import { selectBackend, type BackendRequest } from '../host/backend.js';
import { printDiagnostics } from './printDiagnostics.js';
import { openRun, type OpenedRun } from './savedRun.js';
import { ExitCode, type CliIo } from './io.js';

/**
 * `runDir` opened for inference on `backend`, with the sources `needsData`
 * names loaded; a number is the exit status after printing why not. The
 * caller owns the run's `trainer` and must dispose it.
 */
export async function openRunForInference(
  io: CliIo,
  runDir: string,
  backend: BackendRequest,
  needsData: (module: IrModule) => ReadonlySet<number>,
): Promise<OpenedRun | number> {
  const selected = await selectBackend(backend);
  printDiagnostics(io, selected.diagnostics, undefined, 'text');
  if (!selected.value) return ExitCode.errors;
  const opened = await openRun(path.resolve(io.cwd, runDir), needsData);
  printDiagnostics(io, opened.diagnostics, opened.text, 'text');
  return opened.run ?? opened.status;
}
