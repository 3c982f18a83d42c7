// How every command shows diagnostics: rendered text on stderr, or one JSON
// object a line on stdout (`--format json`).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticToJson, renderDiagnostic } from '../diagnostics/render.js';
import type { CliIo } from './io.js';

export type OutputFormat = 'text' | 'json';

/** Prints diagnostics in the chosen format: text to stderr, JSON lines to stdout. */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[], source: string | undefined, format: OutputFormat): void {
  if (format === 'json') {
    for (const d of diagnostics) io.stdout(`${JSON.stringify(diagnosticToJson(d))}\n`);
    return;
  }
  for (const d of diagnostics) io.stderr(`${renderDiagnostic(d, source)}\n\n`);
}
