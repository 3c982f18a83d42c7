// `csv("file.csv", label: "column")`: a header row, then one example per row.
// Every column but the label column is an example value, in column order; the
// label column (if named) holds integer class labels. Values are numbers as
// JavaScript's Number() reads them; they are used as stored (docs/data.md).
// Fields may be quoted ("a,b", "" for a quote); a record cannot span lines.

import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
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
  const problems: Diagnostic[] = [];
  for (let row = 1; row < lines.length && problems.length === 0; row++) {
    if (lines[row].trim() === '') continue;
    const fields = splitCsvLine(lines[row]);
    const lineNo = row + 1;
    if (!fields) {
      problems.push(dataFormat(path, `line ${lineNo} has an unterminated quote`));
    } else if (fields.length !== header.length) {
      problems.push(dataFormat(path, `line ${lineNo} has ${fields.length} fields, but the header has ${header.length} columns`));
    } else {
      fields.forEach((text, column) => {
        const value = text === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(value) && problems.length === 0) {
          const what = text === '' ? 'is empty' : `is \`${text}\`, not a number`;
          problems.push(dataFormat(path, `line ${lineNo}, column \`${header[column]}\` ${what}`));
        } else if (column === labelIndex) {
          if (!Number.isInteger(value) && problems.length === 0) {
            problems.push(dataFormat(path, `line ${lineNo}: the label \`${text}\` is not an integer class`));
          }
          labels.push(value);
        } else {
          values.push(value);
        }
      });
    }
  }
  if (problems.length > 0) return { diagnostics: problems };
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
