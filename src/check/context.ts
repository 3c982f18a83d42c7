import type { Span } from '../parser/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MessageId } from '../diagnostics/catalogue.js';
import { makeDiagnostic, type DiagnosticExtras } from '../diagnostics/makeDiagnostic.js';

/** Collects the diagnostics of one file as the checks run. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  report(
    id: MessageId,
    span: Span | undefined,
    args: Readonly<Record<string, string | number>> = {},
    extras: DiagnosticExtras = {},
  ): void {
    this.diagnostics.push(makeDiagnostic(id, this.file, span, args, extras));
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}
