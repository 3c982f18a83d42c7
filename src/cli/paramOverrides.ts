// `--set name=value`: the flags commander collects, parsed into the param
// overrides the checker applies (and run.json records).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';

/** Commander collects repeated `--set` flags with this. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--set name=value` flags, parsed; bad ones become diagnostics. */
export function parseOverrides(flags: readonly string[], file: string): { overrides: Record<string, number>; diagnostics: Diagnostic[] } {
  // Keys are the user's: with no prototype, `__proto__` or `constructor` is a name like any other.
  const overrides = nameTable();
  const diagnostics: Diagnostic[] = [];
  for (const flag of flags) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(flag);
    const value = match ? Number(match[2]) : NaN;
    if (!match || match[2]!.trim() === '' || !Number.isFinite(value)) {
      const problem = !match ? 'expected name=value' : Number.isNaN(value) || match[2]!.trim() === '' ? `\`${match[2]}\` is not a number` : `\`${match[2]}\` is not a finite number (it is beyond float64's range)`;
      diagnostics.push(makeDiagnostic('BadParamOverride', file, undefined, { text: flag, problem }, {
        field: '--set', hint: 'write --set name=value, e.g. --set code=16',
      }));
      continue;
    }
    if (Object.hasOwn(overrides, match[1]!) && overrides[match[1]!] !== value) {
      diagnostics.push(makeDiagnostic('BadParamOverride', file, undefined, { text: flag, problem: `\`${match[1]}\` is already set to ${overrides[match[1]!]} by an earlier --set` }, {
        field: '--set', hint: `give --set ${match[1]}=… once`,
      }));
      continue;
    }
    overrides[match[1]!] = value;
  }
  return { overrides, diagnostics };
}

/** The overrides of `set`: `--set` flags as given (parsed), or values already parsed (a resumed run's). */
export function resolveOverrides(set: readonly string[] | Readonly<Record<string, number>>, file: string): { overrides: Record<string, number>; diagnostics: Diagnostic[] } {
  return Array.isArray(set)
    ? parseOverrides(set as readonly string[], file)
    : { overrides: Object.assign(nameTable(), set as Readonly<Record<string, number>>), diagnostics: [] };
}

/** An object with no prototype, for values keyed by names from the user. */
function nameTable(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}
