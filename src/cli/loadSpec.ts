import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IrModule } from '../ir/types.js';
import type { SourceFile } from '../parser/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { Messages } from '../diagnostics/catalogue.js';
import { diagnosticToJson, renderDiagnostic } from '../diagnostics/render.js';
import { compileSpec } from '../compile.js';
import { ExitCode, type CliIo } from './io.js';
import { describeIoError } from '../host/ioErrors.js';

export type OutputFormat = 'text' | 'json';

/** `--set name=value` flags, parsed; bad ones become diagnostics. */
export function parseOverrides(flags: readonly string[], file: string): { overrides: Record<string, number>; diagnostics: Diagnostic[] } {
  // Keys are the user's: with no prototype, `__proto__` or `constructor` is a name like any other.
  const overrides = nameTable();
  const diagnostics: Diagnostic[] = [];
  for (const flag of flags) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(flag);
    const value = match ? Number(match[2]) : NaN;
    if (!match || match[2]!.trim() === '' || !Number.isFinite(value)) {
      diagnostics.push(makeDiagnostic('BadParamOverride', file, undefined, { text: flag, problem: match ? `\`${match[2]}\` is not a number` : 'expected name=value' }, {
        field: '--set', hint: 'write --set name=value, e.g. --set code=16',
      }));
      continue;
    }
    overrides[match[1]!] = value;
  }
  return { overrides, diagnostics };
}

/** Prints diagnostics in the chosen format: text to stderr, JSON lines to stdout. */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[], source: string | undefined, format: OutputFormat): void {
  if (format === 'json') {
    for (const d of diagnostics) io.stdout(`${JSON.stringify(diagnosticToJson(d))}\n`);
    return;
  }
  for (const d of diagnostics) io.stderr(`${renderDiagnostic(d, source)}\n\n`);
}

export interface LoadedSpec {
  readonly path: string;
  readonly text: string;
  readonly ast?: SourceFile;
  readonly module?: IrModule;
  readonly diagnostics: readonly Diagnostic[];
  /** The `--set` values, parsed (what run.json records). */
  readonly overrides: Readonly<Record<string, number>>;
  /** What the command should exit with if it stops here. */
  readonly status: number;
}

/**
 * Reads, parses and checks a spec file for a command. Diagnostics are printed
 * here; the caller continues only when `module` is present. `set` is the
 * `--set` flags as given, or values already parsed (a resumed run's).
 */
export function loadSpec(
  io: CliIo,
  file: string,
  set: readonly string[] | Readonly<Record<string, number>>,
  format: OutputFormat = 'text',
): LoadedSpec {
  const read = readSpecFile(io, file);
  if ('problem' in read) {
    printDiagnostics(io, [read.problem], undefined, format);
    return { path: file, text: '', diagnostics: [read.problem], overrides: {}, status: ExitCode.usage };
  }
  const { text } = read;
  const { overrides, diagnostics: flagProblems } = Array.isArray(set)
    ? parseOverrides(set as readonly string[], file)
    : { overrides: Object.assign(nameTable(), set as Readonly<Record<string, number>>), diagnostics: [] };
  if (flagProblems.length > 0) {
    printDiagnostics(io, flagProblems, text, format);
    return { path: file, text, diagnostics: flagProblems, overrides, status: ExitCode.usage };
  }
  const result = compileSpec(text, file, { overrides });
  printDiagnostics(io, result.diagnostics, text, format);
  const status = hasErrors(result.diagnostics) ? (result.diagnostics.some((d) => d.code === Messages.UnknownParamOverride.code) ? ExitCode.usage : ExitCode.errors) : ExitCode.ok;
  return {
    path: file,
    text,
    diagnostics: result.diagnostics,
    overrides,
    status,
    ...(result.ast ? { ast: result.ast } : {}),
    ...(result.value && status === ExitCode.ok ? { module: result.value } : {}),
  };
}

/** A spec file's text, or the diagnostic saying why it cannot be read (a usage error). */
export function readSpecFile(io: CliIo, file: string): { readonly text: string } | { readonly problem: Diagnostic } {
  try {
    return { text: readFileSync(resolve(io.cwd, file), 'utf8') };
  } catch (error) {
    return { problem: makeDiagnostic('FileNotFound', file, undefined, { path: file, problem: describeIoError(error) }, { hint: 'check the path; specs end in .aegan' }) };
  }
}

/** An object with no prototype, for values keyed by names from the user. */
function nameTable(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** Commander collects repeated `--set` flags with this. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
