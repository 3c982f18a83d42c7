// Loads every data source of a module, as `train` does before its first step
// and `check --data` does instead of training: each source through loadData,
// then its example count against the batch (the loop draws full batches
// only). Uses no tfjs, so `check --data` stays fast.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import type { DataSource, IrModule } from '../../ir/types.js';
import type { LoadedData } from './assembleFields.js';
import { describeDeclaration, loadData, sourcePath } from './loadData.js';

export interface LoadedSource {
  readonly source: DataSource;
  /** What messages call the source: its file, folder or name. */
  readonly path: string;
  readonly data: LoadedData;
}

/** Every source that loaded (in declaration order), and the diagnostics of those that did not. */
export async function loadSources(ir: IrModule, baseDir: string): Promise<{ loaded: LoadedSource[]; diagnostics: Diagnostic[] }> {
  const loaded: LoadedSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of ir.data) {
    const result = await loadData(source, baseDir);
    diagnostics.push(...result.diagnostics);
    if (!result.value) continue;
    const where = sourcePath(source.spec, baseDir);
    if (result.value.count < ir.train.batch) {
      diagnostics.push(
        makeDiagnostic('TooFewExamples', where, undefined, { path: where, count: result.value.count, batch: ir.train.batch }, {
          field: describeDeclaration(source),
          hint: 'lower the batch (--batch N) or add data',
        }),
      );
    }
    loaded.push({ source, path: where, data: result.value });
  }
  return { loaded, diagnostics };
}
