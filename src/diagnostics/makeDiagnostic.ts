import type { Span } from './span.js';
import { Messages, type MessageId } from './catalogue.js';
import type { Diagnostic } from './diagnostic.js';

export interface DiagnosticExtras {
  readonly label?: string;
  readonly hint?: string;
  readonly field?: string;
}

/** Fills a catalogue template; a placeholder with no value is left as written. */
export function formatTemplate(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in args ? String(args[key]) : whole,
  );
}

export function makeDiagnostic(
  id: MessageId,
  file: string,
  span: Span | undefined,
  args: Readonly<Record<string, string | number>>,
  extras: DiagnosticExtras = {},
): Diagnostic {
  const entry = Messages[id];
  return {
    code: entry.code,
    severity: entry.severity,
    message: formatTemplate(entry.template, args),
    file,
    ...(span ? { span } : {}),
    ...(entry.hint !== undefined ? { hint: entry.hint } : {}),
    ...extras,
  };
}
