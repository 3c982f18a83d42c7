// Loads the held-out data of a module: each source's `heldOut` spec read as
// that source (same fields, same `scale`), for `eval every N` and `aeganc eval`.

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DataSourceSpec, IrModule } from '../../ir/types.js';
import type { DataTable } from '../../numerics/dataTable.js';
import { describeDeclaration, loadData } from './loadData.js';

/** `specs[i]` holds out `ir.data[i]`; the tables when every one loads. */
export async function loadHeldOut(ir: IrModule, specs: readonly DataSourceSpec[], baseDir: string): Promise<{ tables?: DataTable[]; diagnostics: Diagnostic[] }> {
  const tables: DataTable[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [i, source] of ir.data.entries()) {
    const result = await loadData({ ...source, spec: specs[i]! }, baseDir);
    // The file is the train block's `eval` item's, not the data declaration's it holds out.
    const field = `the train block's \`eval\`, held out for ${describeDeclaration(source)}`;
    diagnostics.push(...result.diagnostics.map((d) => ({ ...d, field })));
    if (result.value) tables.push(result.value);
  }
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { tables, diagnostics };
}
