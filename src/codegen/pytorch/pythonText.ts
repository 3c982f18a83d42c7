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
 * one per line, each wrapped the same way (a call is `name(args)`; anything
 * else stays on one line).
 */
export function wrapStatement(indent: string, head: string, expression: string, tail = ''): string {
  const line = `${indent}${head}${expression}${tail}`;
  const call = /^([A-Za-z_][A-Za-z0-9_.]*)\((.*)\)$/s.exec(expression);
  if (line.length <= LINE_LENGTH || !call || topLevelParts(`(${call[2]!})`).length !== 1 || !closesAtEnd(expression)) return line;
  const inner = `${indent}    `;
  const args = topLevelParts(call[2]!).map((a) => wrapStatement(inner, '', a, ','));
  return `${indent}${head}${call[1]}(\n${args.join('\n')}\n${indent})${tail}`;
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

/** `text`'s words in lines of at most `first` characters, then `rest`; a longer word is cut. */
function wrapWords(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let line = '';
  const width = (): number => (lines.length === 0 ? first : rest);
  for (let word of text.split(/ +/)) {
    if (line && line.length + 1 + word.length > width()) {
      lines.push(line);
      line = '';
    }
    while (!line && word.length > width()) {
      lines.push(word.slice(0, width()));
      word = word.slice(lines[lines.length - 1]!.length);
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** A `#` comment at `indent`, wrapped at the line length (continuation lines indented two more). */
export function pyCommentLines(indent: string, text: string): string[] {
  const width = LINE_LENGTH - indent.length - 2;
  return wrapWords(pyComment(text), width, width - 2).map((line, i) => `${indent}# ${i > 0 ? '  ' : ''}${line}`);
}

const QUOTES = '"""';

/** Text safe inside a docstring: one line, backslashes and quotes escaped. */
const docText = (text: string): string => pyComment(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** A docstring at `indent`: one line where it fits, else wrapped, the closing quotes alone. */
export function pyDocstring(indent: string, text: string): string {
  const safe = docText(text);
  if (indent.length + safe.length + 6 <= LINE_LENGTH) return `${indent}${QUOTES}${safe}${QUOTES}`;
  const width = LINE_LENGTH - indent.length;
  const [head, ...rest] = wrapWords(safe, width - 3, width);
  return [`${indent}${QUOTES}${head}`, ...rest.map((l) => `${indent}${l}`), `${indent}${QUOTES}`].join('\n');
}

/** Lines of docstring text at `indent`, wrapped at the line length. */
export function pyDocLines(indent: string, text: string): string[] {
  const width = LINE_LENGTH - indent.length;
  return wrapWords(docText(text), width, width).map((l) => `${indent}${l}`);
}

/** A string literal's pieces, each at most `width` characters written as a literal. */
function stringPieces(value: string, width: number): string[] {
  const pieces: string[] = [];
  for (let rest = value; rest.length > 0; ) {
    let n = Math.min(rest.length, width);
    while (n > 1 && JSON.stringify(rest.slice(0, n)).length > width) n--;
    pieces.push(JSON.stringify(rest.slice(0, n)));
    rest = rest.slice(n);
  }
  return pieces.length > 0 ? pieces : ['""'];
}

/** `head + "value" + tail` at `indent`, as adjacent literals in parentheses where one line is too long. */
export function pyString(indent: string, head: string, value: string, tail = ''): string {
  const flat = `${indent}${head}${JSON.stringify(value)}${tail}`;
  if (flat.length <= LINE_LENGTH) return flat;
  const inner = `${indent}    `;
  const pieces = stringPieces(value, LINE_LENGTH - inner.length);
  return `${indent}${head}(\n${pieces.map((p) => `${inner}${p}`).join('\n')}\n${indent})${tail}`;
}

/** A multi-line string as adjacent literals, one source line each (long ones cut), in parentheses. */
export function pyTextBlock(text: string): string {
  const lines = text.split(/(?<=\n)/).flatMap((line) => stringPieces(line, LINE_LENGTH - 4));
  return `(\n${lines.map((l) => `    ${l}`).join('\n')}\n)`;
}
