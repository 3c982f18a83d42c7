// `aeganc check --data`: opens every data source of a checked spec and
// validates it as `train` would before its first step (path, format, shape,
// values, labels, examples against the batch), then stops. It goes through
// src/host/data only, which never imports tfjs, so it stays quick.

import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { DataField, IrModule } from '../ir/types.js';
import { describeDeclaration } from '../host/data/loadData.js';
import { loadSources, type LoadedSource } from '../host/data/loadSources.js';
import { ExitCode, type CliIo } from './io.js';
import { printDiagnostics, type OutputFormat } from './printDiagnostics.js';

function describeType(field: DataField): string {
  return field.type.kind === 'class' ? `class[${field.type.classes}]` : `[${field.type.shape.join(', ')}]`;
}

/** One line per source that loaded: `data x, y (line 3): iris.csv: 150 examples; x: [4], y: class[3]`. */
function report(io: CliIo, loaded: LoadedSource, format: OutputFormat): void {
  const { source, data } = loaded;
  if (format === 'json') {
    const fields = Object.fromEntries(source.fields.map((f) => [f.name, describeType(f)]));
    io.stdout(`${JSON.stringify({ data: { declaration: describeDeclaration(source), path: loaded.path, examples: data.count, fields } })}\n`);
    return;
  }
  const fields = source.fields.map((f) => `${f.name}: ${describeType(f)}`).join(', ');
  io.stdout(`${describeDeclaration(source)}: ${loaded.path}: ${data.count.toLocaleString('en-US')} examples; ${fields}\n`);
}

/**
 * Loads and validates the data of `module` (a spec read from `file`; its
 * paths are relative to the spec's folder). Prints the diagnostics, and a
 * line per source when there are none. Returns them and the exit status.
 */
export async function checkData(io: CliIo, file: string, module: IrModule, text: string, format: OutputFormat): Promise<{ status: number; diagnostics: readonly Diagnostic[] }> {
  const baseDir = path.dirname(path.resolve(io.cwd, file));
  const { loaded, diagnostics } = await loadSources(module, baseDir);
  printDiagnostics(io, diagnostics, text, format);
  if (hasErrors(diagnostics)) return { status: ExitCode.errors, diagnostics };
  for (const source of loaded) report(io, source, format);
  return { status: ExitCode.ok, diagnostics };
}
