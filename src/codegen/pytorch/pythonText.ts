// How spec text and IR values enter the generated Python: identifiers kept
// clear of Python's keywords and of the names the program itself defines,
// literals through JSON (whose escapes Python reads the same), comments with
// no line break in them.

import { NameScope } from '../identifiers.js';

const PYTHON_KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'match',
  'case', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', '_',
];

/** Names every generated function body uses: its parameters and the imported modules. */
export const PYTHON_BODY_NAMES = [
  'self', 'run', 'ctx', 'call', 'batches', 'nets', 'torch', 'nn', 'F', 'np', 'math', 'dist', 'os', 'sys',
  'json', 'time', 'struct', 'zlib', 'gzip', 'hashlib', 'argparse', 'super', 'len', 'list', 'dict', 'range',
  'print', 'int', 'float', 'str', 'type', 'object', 'input', 'sum', 'min', 'max', 'abs', 'id', 'iter', 'next',
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A scope of Python names; `reserved` adds the prelude's top-level names. */
export function pythonScope(reserved: Iterable<string> = []): NameScope {
  return new NameScope([...PYTHON_BODY_NAMES, ...reserved], undefined, (name) => IDENTIFIER.test(name) && !PYTHON_KEYWORDS.includes(name));
}

/** A Python literal of a JSON-like value: dicts, lists, strings, finite numbers, booleans, None. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`).join(', ')}}`;
}

export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal: ${value} in generated Python`);
  return Object.is(value, -0) ? '-0.0' : String(value);
}

/** A float literal (`1` → `1.0`), for values torch must see as floats. */
export function pyFloat(value: number): string {
  const text = pyNumber(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Text for a `#` comment: one line, no control characters. */
export function pyComment(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trimEnd();
}
