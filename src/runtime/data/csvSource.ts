// `csv("file.csv", label: "column")`: a header row, then one example per row.
// Every column but the label column is an example value, in column order; the
// label column (if named) holds integer class labels. Values are numbers as
// JavaScript's Number() reads them; they are used as stored (docs/data.md).
// Fields may be quoted ("a,b", "" for a quote); a record cannot span lines.

import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat } from './dataDiagnostics.js';
import { AS_STORED, type RawData } from './rawData.js';
import { readBytes } from './readBytes.js';

/** Splits one CSV line into fields; null if a quote is left open. */
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
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field.trim());
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) return null;
  fields.push(field.trim());
  return fields;
}

/**
 * Appends one data row's example values and label; returns what is wrong with
 * the row instead, if anything.
 */
function parseRow(line: string, lineNo: number, header: readonly string[], labelIndex: number, values: number[], labels: number[]): string | null {
  const fields = splitCsvLine(line);
  if (!fields) return `line ${lineNo} has an unterminated quote`;
  if (fields.length !== header.length) return `line ${lineNo} has ${fields.length} fields, but the header has ${header.length} columns`;
  const numbers = fields.map((text) => (text === '' ? Number.NaN : Number(text)));
  const bad = numbers.findIndex((n) => !Number.isFinite(n));
  if (bad >= 0) {
    const what = fields[bad] === '' ? 'is empty' : `is \`${fields[bad]}\`, not a number`;
    return `line ${lineNo}, column \`${header[bad]}\` ${what}`;
  }
  numbers.forEach((n, column) => (column === labelIndex ? labels : values).push(n));
  if (labelIndex >= 0 && !Number.isInteger(numbers[labelIndex])) return `line ${lineNo}: the label \`${fields[labelIndex]}\` is not an integer class`;
  return null;
}

export async function readCsv(path: string, labelColumn: string | undefined): Promise<Result<RawData>> {
  const read = await readBytes(path);
  if (!read.value) return { diagnostics: read.diagnostics };
  const fail = (problem: string, hint?: string): Result<RawData> => ({ diagnostics: [dataFormat(path, problem, hint)] });

  const text = new TextDecoder('utf-8').decode(read.value).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (!header || header.every((name) => name === '')) return fail('has no header row (expected the column names on line 1)');

  const labelIndex = labelColumn === undefined ? -1 : header.indexOf(labelColumn);
  if (labelColumn !== undefined && labelIndex < 0) {
    return fail(`has no column \`${labelColumn}\` (the label column); its columns are ${header.map((h) => `\`${h}\``).join(', ')}`);
  }
  const width = header.length - (labelIndex >= 0 ? 1 : 0);
  if (width === 0) return fail('has no example columns besides the label column');

  const values: number[] = [];
  const labels: number[] = [];
  for (let row = 1; row < lines.length; row++) {
    if (lines[row].trim() === '') continue;
    const problem = parseRow(lines[row], row + 1, header, labelIndex, values, labels);
    if (problem) return fail(problem);
  }
  const count = values.length / width;
  if (count === 0) return fail('has a header but no data rows');
  return {
    value: {
      path,
      count,
      exampleShape: [width],
      exampleNoun: 'rows',
      examples: Float64Array.from(values),
      storedRange: AS_STORED,
      ...(labelIndex >= 0
        ? { labels: { values: Int32Array.from(labels), path } }
        : { noLabelsBecause: 'the csv source names no `label:` column' }),
    },
    diagnostics: [],
  };
}
