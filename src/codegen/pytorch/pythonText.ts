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

/** The line length generated statements are wrapped at (PEP 8 lets a project choose up to 99). */
export const LINE_LENGTH = 99;

/** Splits `text` at its top-level commas (outside brackets and strings). */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/** Whether the first `(` of `text` is closed by its last character (`f(a) + g(b)` is not one call). */
function closesAtEnd(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = text.indexOf('('); i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/**
 * `indent + head + call` on one line when it fits, else the call's arguments
 * one per line (a call is `name(args)`; anything else stays on one line).
 */
export function wrapStatement(indent: string, head: string, expression: string): string {
  const line = `${indent}${head}${expression}`;
  const call = /^([A-Za-z_][A-Za-z0-9_.]*)\((.*)\)$/s.exec(expression);
  if (line.length <= LINE_LENGTH || !call || topLevelParts(`(${call[2]!})`).length !== 1 || !closesAtEnd(expression)) return line;
  const inner = `${indent}    `;
  return `${indent}${head}${call[1]}(\n${topLevelParts(call[2]!).map((a) => `${inner}${a},`).join('\n')}\n${indent})`;
}

/** A JSON-like value as Python, broken over lines (4 spaces a level) where one line is too long. */
export function pyPretty(value: unknown, indent = '', head = ''): string {
  const flat = pyLiteral(value);
  if (indent.length + head.length + flat.length <= LINE_LENGTH || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${pyPretty(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pyPretty(v, inner, `${JSON.stringify(k)}: `)},`).join('\n')}\n${indent}}`;
}

/** A multi-line string as adjacent literals, one source line each, in parentheses. */
export function pyTextBlock(text: string): string {
  const lines = text.split(/(?<=\n)/);
  return `(\n${lines.map((l) => `    ${JSON.stringify(l)}`).join('\n')}\n)`;
}
