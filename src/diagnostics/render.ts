import type { Diagnostic } from './diagnostic.js';
import { displayLine, escapeControls } from './escapeText.js';

/**
 * Renders a diagnostic as LANGUAGE.md shows it:
 *
 *   error[E0301]: `encoder` expects [784] but `x` is [28, 28, 1]
 *     --> seed_ae.aegan:14:37
 *      |
 *   14 | loss recon = mse(x, decoder(encoder(x)))
 *      |                                     ^ [28, 28, 1]
 *      = hint: flatten x in the network ...
 *
 * `source` is the text of `diagnostic.file`; without it only the header prints.
 */
export function renderDiagnostic(raw: Diagnostic, source?: string): string {
  const diagnostic = escapedForTerminal(raw);
  const lines = [`${diagnostic.severity}[${diagnostic.code}]: ${diagnostic.message}`];
  const span = diagnostic.span;
  if (!span) {
    const where = diagnostic.field ? `${diagnostic.file} (${diagnostic.field})` : diagnostic.file;
    lines.push(`  --> ${where}`);
    if (diagnostic.hint) lines.push(`   = hint: ${diagnostic.hint}`);
    return lines.join('\n');
  }
  const { line, column } = span.start;
  const gutter = ' '.repeat(String(line).length);
  lines.push(`${gutter}--> ${diagnostic.file}:${line}:${column}`);
  const rawLine = source?.split(/\r?\n/)[line - 1];
  if (rawLine !== undefined) {
    // Control characters print escaped; columns follow the escaped text.
    const shown = displayLine(rawLine);
    const sourceLine = shown.text;
    const start = shown.column(column);
    const sameLine = span.end.line === line;
    const width = sameLine ? Math.max(1, shown.column(span.end.column) - start) : Math.max(1, sourceLine.length - start + 1);
    // Tabs keep their width under the caret so it lines up in a terminal.
    const pad = sourceLine.slice(0, start - 1).replace(/[^\t]/g, ' ');
    const caret = `${pad}${'^'.repeat(width)}${diagnostic.label ? ` ${diagnostic.label}` : ''}`;
    lines.push(`${gutter} |`, `${line} | ${sourceLine}`, `${gutter} | ${caret}`);
  }
  if (diagnostic.hint) lines.push(`${gutter} = hint: ${diagnostic.hint}`);
  return lines.join('\n');
}

/** The diagnostic with its user text (message parameters, hint, label, file, field) safe to print. */
function escapedForTerminal(d: Diagnostic): Diagnostic {
  return {
    ...d,
    message: escapeControls(d.message),
    file: escapeControls(d.file),
    ...(d.label !== undefined ? { label: escapeControls(d.label) } : {}),
    ...(d.hint !== undefined ? { hint: escapeControls(d.hint) } : {}),
    ...(d.field !== undefined ? { field: escapeControls(d.field) } : {}),
  };
}

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): string {
  return diagnostics.map((d) => renderDiagnostic(d, sources.get(d.file))).join('\n\n');
}

/** The `--format json` form: one object per diagnostic, positions 1-based. */
export function diagnosticToJson(diagnostic: Diagnostic): Record<string, unknown> {
  const { span, ...rest } = diagnostic;
  return span
    ? {
        ...rest,
        line: span.start.line,
        column: span.start.column,
        endLine: span.end.line,
        endColumn: span.end.column,
      }
    : rest;
}
