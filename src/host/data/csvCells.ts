// The cells of a CSV row and the one number grammar they are read with.
// Number() is not used on its own: it also takes `0x10`, `0b1`, `0o7`,
// `Infinity`, the empty string (as 0) and surrounding whitespace of any kind.
// A value is exactly (docs/data.md, "CSV"):
//
//   [+-]? ( digits [. digits?] | . digits ) ( [eE] [+-]? digits )?
//
// with spaces or tabs around it allowed, and it must be finite as float32
// (|v| ≤ 3.4028234663852886e38), the type examples are stored in.

/** Splits one CSV line into fields (spaces and tabs around each trimmed); null if a quote is left open. */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && trimCell(field) === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(trimCell(field));
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) return null;
  fields.push(trimCell(field));
  return fields;
}

function trimCell(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/** A cell read as a number, or what is wrong with it (phrased to follow "column N"). */
export type Cell = { readonly value: number } | { readonly problem: string };

/**
 * Reads one trimmed cell. The problem never quotes the cell: the file may
 * not be a CSV at all (a spec naming some other file), and diagnostics show
 * no more of a file than they need.
 */
export function readDecimal(text: string): Cell {
  if (text === '') return { problem: 'is empty' };
  if (!DECIMAL.test(text)) {
    if (/^[+-]?0[xXbBoO][0-9a-fA-F]+$/.test(text)) return { problem: 'is a hexadecimal, binary or octal literal; write the number in decimal' };
    if (/^[+-]?(?:inf(?:inity)?|nan)$/i.test(text)) return { problem: 'is not finite (NaN and infinities are not data)' };
    return { problem: `is not a decimal number (${text.length} character${text.length === 1 ? '' : 's'} of text)` };
  }
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) return { problem: 'is a number too large for float32 (over 3.4e38 in magnitude)' };
  return { value };
}
