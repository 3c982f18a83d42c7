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

/**
 * The families of checks (see README.md): the six elaboration passes, then
 * the three rules of rules/. A finding belongs to the pass that reports it,
 * unless the pass reports it for another family (`forRule`), as
 * elaborateNetwork does for an unused name in a body. A test names a family
 * to see its findings alone (`CheckOptions.rules`).
 */
export const CHECK_RULES = [
  'declarations',
  'params',
  'sources',
  'networks',
  'expressions',
  'train',
  'stepDependencies',
  'rangeWarnings',
  'unusedNames',
  'numberLiterals',
  'bidiControls',
  'resourceLimits',
] as const;
export type CheckRule = (typeof CHECK_RULES)[number];

/** What the reporters of one file share: every finding shown, and the count of all errors (shown or not). */
interface Findings {
  readonly found: { readonly diagnostic: Diagnostic; readonly hint?: () => string | undefined }[];
  errors: number;
}

/** Collects the diagnostics of one file as the checks run. */
export class Reporter {
  constructor(
    readonly file: string,
    /** Report only these families' findings; the others still run, and their errors still count. Absent: all. */
    private readonly only?: ReadonlySet<CheckRule>,
    /** The family this reporter reports for; absent: the whole file, never filtered. */
    readonly rule?: CheckRule,
    private readonly findings: Findings = { found: [], errors: 0 },
  ) {}

  /** The reporter one family's pass reports through: the same findings, filtered by `only`. */
  forRule(rule: CheckRule): Reporter {
    return new Reporter(this.file, this.only, rule, this.findings);
  }

  report(
    id: MessageId,
    span: Span | undefined,
    args: Readonly<Record<string, string | number>> = {},
    extras: LazyExtras = {},
  ): void {
    const { hint, ...rest } = extras;
    const lazy = typeof hint === 'function' ? hint : undefined;
    const diagnostic = makeDiagnostic(id, this.file, span, args, typeof hint === 'string' ? { ...rest, hint } : rest);
    if (diagnostic.severity === 'error') this.findings.errors++;
    if (this.rule !== undefined && this.only !== undefined && !this.only.has(this.rule)) return;
    this.findings.found.push(lazy ? { diagnostic, hint: lazy } : { diagnostic });
  }

  /** What was found, in source order, cut after 20 errors (see `limitErrors`). */
  get diagnostics(): Diagnostic[] {
    const found = this.findings.found;
    const hints = new Map(found.filter((f) => f.hint).map((f) => [f.diagnostic, f.hint!] as const));
    const shown = limitErrors(sortDiagnostics(found.map((f) => f.diagnostic)));
    return shown.map((d) => {
      const hint = hints.get(d)?.();
      return hint === undefined ? d : { ...d, hint };
    });
  }

  /** Counts the errors of families left out too: a file with any gets no IR. */
  get errorCount(): number {
    return this.findings.errors;
  }
}
