// A cap on the errors one file reports, as clang has (-ferror-limit, 20):
// past it the rest are mostly the first mistakes seen again, and printing
// them all turned a 5 MB file of bad characters into gigabytes of output.

import { sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { makeDiagnostic } from './makeDiagnostic.js';
import { Messages } from './catalogue.js';

export const MAX_ERRORS_PER_FILE = 20;

/**
 * `diagnostics` as they are when they hold at most `limit` errors; else, in
 * source order, up to and including the `limit`th error, then one E0108
 * saying how many were left out (warnings after the cut are left out too).
 */
export function limitErrors(all: readonly Diagnostic[], limit = MAX_ERRORS_PER_FILE): Diagnostic[] {
  // Already cut (the checker cuts its own, before computing hints): leave it.
  if (all.some((d) => d.code === Messages.TooManyErrors.code)) return [...all];
  if (all.filter((d) => d.severity === 'error').length <= limit) return [...all];
  const diagnostics = sortDiagnostics(all);
  let errors = 0;
  const cut = diagnostics.findIndex((d) => d.severity === 'error' && ++errors > limit);
  const kept = diagnostics.slice(0, cut);
  const file = diagnostics[cut]!.file;
  const left = diagnostics.length - cut;
  return [
    ...kept,
    makeDiagnostic('TooManyErrors', file, undefined, { count: left }, {
      hint: `fix the first ${limit} errors and check again; the rest are often the same mistake`,
    }),
  ];
}
