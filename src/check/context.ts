import type { Span } from '../parser/ast.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MessageId } from '../diagnostics/catalogue.js';
import { makeDiagnostic, type DiagnosticExtras } from '../diagnostics/makeDiagnostic.js';
import { limitErrors } from '../diagnostics/limitErrors.js';

/**
 * Extras whose hint may be computed later: a did-you-mean over every name in
 * the file is cheap once, but 20,000 unknown names times 20,000 candidates
 * took minutes. Only the hints of diagnostics that are shown are computed.
 */
export interface LazyExtras extends Omit<DiagnosticExtras, 'hint'> {
  readonly hint?: string | (() => string | undefined);
}

/** Collects the diagnostics of one file as the checks run. */
export class Reporter {
  private readonly found: { readonly diagnostic: Diagnostic; readonly hint?: () => string | undefined }[] = [];
  private errors = 0;
  constructor(readonly file: string) {}

  report(
    id: MessageId,
    span: Span | undefined,
    args: Readonly<Record<string, string | number>> = {},
    extras: LazyExtras = {},
  ): void {
    const { hint, ...rest } = extras;
    const lazy = typeof hint === 'function' ? hint : undefined;
    const diagnostic = makeDiagnostic(id, this.file, span, args, typeof hint === 'string' ? { ...rest, hint } : rest);
    if (diagnostic.severity === 'error') this.errors++;
    this.found.push(lazy ? { diagnostic, hint: lazy } : { diagnostic });
  }

  /** What was found, in source order, cut after 20 errors (see `limitErrors`). */
  get diagnostics(): Diagnostic[] {
    const hints = new Map(this.found.filter((f) => f.hint).map((f) => [f.diagnostic, f.hint!] as const));
    const shown = limitErrors(sortDiagnostics(this.found.map((f) => f.diagnostic)));
    return shown.map((d) => {
      const hint = hints.get(d)?.();
      return hint === undefined ? d : { ...d, hint };
    });
  }

  get errorCount(): number {
    return this.errors;
  }
}
