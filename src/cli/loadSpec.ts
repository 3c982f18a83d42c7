// A command's spec, read (./readSpecFile.ts), its `--set` flags resolved
// (./paramOverrides.ts), then parsed and checked; every diagnostic printed
// on the way (./printDiagnostics.ts).

import type { IrModule } from '../ir/types.js';
import type { SourceFile } from '../parser/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/catalogue.js';
import { compileSpec } from '../compile.js';
import { ExitCode, type CliIo } from './io.js';
import { printDiagnostics, type OutputFormat } from './printDiagnostics.js';
import { readSpecFile } from './readSpecFile.js';
import { resolveOverrides } from './paramOverrides.js';

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
  const { overrides, diagnostics: flagProblems } = resolveOverrides(set, file);
  if (flagProblems.length > 0) {
    printDiagnostics(io, flagProblems, text, format);
    return { path: file, text, diagnostics: flagProblems, overrides, status: ExitCode.usage };
  }
  const result = compileSpec(text, file, { overrides });
  printDiagnostics(io, result.diagnostics, text, format);
  const involved = format === 'text' ? overridesInErrors(result.diagnostics, text, overrides) : [];
  if (involved.length > 0) {
    io.stderr(`note: ${involved.map((name) => `\`${name}\` is ${overrides[name]} here, by --set ${name}=${overrides[name]}`).join('; ')}\n`);
  }
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

/**
 * The overridden params whose names appear in an error's span: the source
 * shows `[code]` where the value that failed came from `--set code=-5`.
 */
function overridesInErrors(diagnostics: readonly Diagnostic[], text: string, overrides: Readonly<Record<string, number>>): string[] {
  const names = Object.keys(overrides);
  if (names.length === 0) return [];
  const spanned = diagnostics
    .filter((d) => d.severity === 'error' && d.span)
    .map((d) => text.slice(d.span!.start.offset, d.span!.end.offset));
  return names.filter((name) => spanned.some((slice) => new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`).test(slice)));
}
