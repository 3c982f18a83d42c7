import type { Span } from '../parser/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MessageId } from '../diagnostics/catalogue.js';
import { makeDiagnostic, type DiagnosticExtras } from '../diagnostics/makeDiagnostic.js';

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

/** Collects the diagnostics of one file as the checks run. */
export class Reporter {
  constructor(
    readonly file: string,
    /** Report only these families' findings; the others still run, and their errors still count. Absent: all. */
    private readonly only?: ReadonlySet<CheckRule>,
    /** The family this reporter reports for; absent: the whole file, never filtered. */
    readonly rule?: CheckRule,
    private readonly findings: { readonly diagnostics: Diagnostic[]; hiddenErrors: number } = { diagnostics: [], hiddenErrors: 0 },
  ) {}

  /** The reporter one family's pass reports through: the same findings, filtered by `only`. */
  forRule(rule: CheckRule): Reporter {
    return new Reporter(this.file, this.only, rule, this.findings);
  }

  get diagnostics(): Diagnostic[] {
    return this.findings.diagnostics;
  }

  report(
    id: MessageId,
    span: Span | undefined,
    args: Readonly<Record<string, string | number>> = {},
    extras: DiagnosticExtras = {},
  ): void {
    const diagnostic = makeDiagnostic(id, this.file, span, args, extras);
    if (this.rule !== undefined && this.only !== undefined && !this.only.has(this.rule)) {
      if (diagnostic.severity === 'error') this.findings.hiddenErrors++;
      return;
    }
    this.findings.diagnostics.push(diagnostic);
  }

  /** Counts the errors of families left out too: a file with any gets no IR. */
  get errorCount(): number {
    return this.findings.diagnostics.filter((d) => d.severity === 'error').length + this.findings.hiddenErrors;
  }
}
