import type { Diagnostic } from './diagnostic.js';
import { displayLine, escapeControls } from './escapeText.js';

/**
 * Renders a diagnostic as docs/language.md shows it:
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
  const rawLine = source === undefined ? undefined : sourceLine(source, line);
  if (rawLine !== undefined) {
    // Control characters print escaped; columns follow the escaped text.
    const escaped = displayLine(rawLine);
    const start = escaped.column(column);
    const sameLine = span.end.line === line;
    const fullWidth = sameLine ? Math.max(1, escaped.column(span.end.column) - start) : Math.max(1, escaped.text.length - start + 1);
    const shown = trimLine(escaped.text, start - 1, fullWidth);
    // Tabs keep their width under the caret so it lines up in a terminal.
    const pad = shown.text.slice(0, shown.caretAt).replace(/[^\t]/g, ' ');
    const caret = `${pad}${'^'.repeat(shown.caretWidth)}${diagnostic.label ? ` ${diagnostic.label}` : ''}`;
    lines.push(`${gutter} |`, `${line} | ${shown.text}`, `${gutter} | ${caret}`);
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

/** Lines longer than this are shown as a window around the caret, `...` marking what is cut. */
export const MAX_SHOWN_LINE = 120;
const CONTEXT_BEFORE = 40;

/** The part of `text` to print, and where the caret goes in it (rustc trims long lines the same way). */
function trimLine(text: string, caretAt: number, caretWidth: number): { text: string; caretAt: number; caretWidth: number } {
  if (text.length <= MAX_SHOWN_LINE) return { text, caretAt, caretWidth };
  const start = Math.max(0, Math.min(caretAt - CONTEXT_BEFORE, text.length - MAX_SHOWN_LINE));
  const end = Math.min(text.length, start + MAX_SHOWN_LINE);
  const before = start > 0 ? '...' : '';
  const after = end < text.length ? '...' : '';
  const at = caretAt - start + before.length;
  return { text: `${before}${text.slice(start, end)}${after}`, caretAt: at, caretWidth: Math.max(1, Math.min(caretWidth, end - caretAt)) };
}

/**
 * Line `line` (1-based) of `source`, without its line break. The line starts
 * are computed once per source, not once per diagnostic: splitting a big file
 * for each of its diagnostics made rendering quadratic.
 */
function sourceLine(source: string, line: number): string | undefined {
  if (lineIndex?.source !== source) lineIndex = { source, starts: lineStarts(source) };
  const start = lineIndex.starts[line - 1];
  if (start === undefined) return undefined;
  const next = lineIndex.starts[line];
  const text = source.slice(start, next === undefined ? source.length : next - 1);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

let lineIndex: { readonly source: string; readonly starts: readonly number[] } | undefined;

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
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
