// The fixed part of every generated program (prelude.py, beside this file),
// read from the package's own src/ like the TypeScript target's shared files.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** prelude.py's text. From dist/, the file is read from the shipped src/ tree. */
export function preludeText(): string {
  if (cached === undefined) {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const path = here.replace(/[\\/]dist[\\/]codegen[\\/]pytorch[\\/]?$/, '/src/codegen/pytorch/') + 'prelude.py';
    cached = readFileSync(path, 'utf8');
  }
  return cached;
}

/** The names prelude.py defines at top level; generated names must avoid them. */
export function preludeNames(text: string = preludeText()): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/^(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)|^([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)) {
    names.add(match[1] ?? match[2]!);
  }
  for (const match of text.matchAll(/^import\s+([A-Za-z_.]+)(?:\s+as\s+([A-Za-z_]+))?/gm)) names.add(match[2] ?? match[1]!.split('.')[0]!);
  return [...names];
}
