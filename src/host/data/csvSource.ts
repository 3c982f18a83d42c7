// `csv("file.csv", label: "column")`: a header row, then one example per row.
// Every column but the label column is an example value, in column order; the
// label column (if named) holds integer class labels. Values follow the
// decimal grammar of ./csvCells.ts and are used as stored (docs/data.md).
// Fields may be quoted ("a,b", "" for a quote); a record cannot span lines,
// so row N of a spreadsheet is line N of the file. The file is streamed.
//
// Diagnostics never quote a cell, and name header columns only once the file
// looks like a numeric CSV (a row of the header's width with a number in it):
// a `csv(...)` pointed at some other text file must not print its lines.

import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { readDecimal, splitCsvLine } from './csvCells.js';
import { MAX_LINE_BYTES, readLines } from './csvLines.js';
import { dataFormat } from './dataDiagnostics.js';
import { AS_STORED, type RawData } from './rawData.js';
import { openDataFile } from './readBytes.js';
import { formatBytes } from '../../ir/limits.js';

export { splitCsvLine } from './csvCells.js';

/** Header names longer than this are referred to by column number only. */
const MAX_SHOWN_NAME = 40;
/** A missing label column lists at most this many of the header's names. */
const MAX_LISTED_NAMES = 12;

/** A Float64Array that doubles as rows arrive, so no number[] of boxed values is built. */
class Values {
  private buffer = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }
  take(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }
}

class CsvReader {
  private header: readonly string[] = [];
  private labelIndex = -1;
  /** Whether header names may be shown: a row of the header's width with a number in it was seen. */
  private trusted = false;
  private rows = 0;
  readonly values = new Values();
  readonly labels = new Values();

  constructor(
    private readonly path: string,
    private readonly labelColumn: string | undefined,
    private readonly classes: number | undefined,
  ) {}

  private format(problem: string, hint?: string): Diagnostic {
    return dataFormat(this.path, problem, hint);
  }

  private column(index: number): string {
    const name = this.header[index];
    const shown = this.trusted && name !== '' && name.length <= MAX_SHOWN_NAME;
    return shown ? `${index + 1} (\`${name}\`)` : `${index + 1}`;
  }

  /** Reads line 1; a problem, or null. */
  readHeader(text: string): Diagnostic | null {
    const header = splitCsvLine(text);
    if (!header || header.every((name) => name === '')) return this.format('has no header row (expected the column names on line 1)');
    this.header = header;
    if (this.labelColumn !== undefined) this.labelIndex = header.indexOf(this.labelColumn);
    if (header.length - (this.labelIndex >= 0 ? 1 : 0) === 0) return this.format('has no example columns besides the label column');
    return null;
  }

  private missingLabelColumn(): Diagnostic {
    const count = `${this.header.length} column${this.header.length === 1 ? '' : 's'}`;
    if (!this.trusted) return this.format(`has no column \`${this.labelColumn}\` (the label column) in its header of ${count}`);
    const listed = this.header.slice(0, MAX_LISTED_NAMES).map((name) => (name.length <= MAX_SHOWN_NAME ? `\`${name}\`` : '(a long name)'));
    const more = this.header.length > MAX_LISTED_NAMES ? `, and ${this.header.length - MAX_LISTED_NAMES} more` : '';
    return this.format(`has no column \`${this.labelColumn}\` (the label column); its ${count} are ${listed.join(', ')}${more}`);
  }

  /** Reads one data row (line `row`); a problem, or null. */
  readRow(text: string, row: number): Diagnostic | null {
    const fields = splitCsvLine(text);
    const firstRow = this.rows === 0;
    if (firstRow && fields && fields.length === this.header.length && fields.some((f) => !('problem' in readDecimal(f)))) this.trusted = true;
    if (firstRow && this.labelColumn !== undefined && this.labelIndex < 0) return this.missingLabelColumn();
    if (!fields) return this.format(`row ${row} has an unterminated quote`);
    if (fields.length !== this.header.length) return this.format(`row ${row} has ${fields.length} fields, but the header has ${this.header.length} columns`);
    for (let index = 0; index < fields.length; index++) {
      const cell = readDecimal(fields[index]);
      if (index === this.labelIndex) {
        if ('problem' in cell) return this.badLabel(row, index, cell.problem);
        const problem = this.labelProblem(cell.value);
        if (problem) return this.badLabel(row, index, problem);
        this.labels.push(cell.value);
      } else if ('problem' in cell) {
        return makeDiagnostic('CsvBadValue', this.path, undefined, { path: this.path, row, column: this.column(index), problem: cell.problem }, {
          hint: 'every example cell must be a decimal number such as 3, -0.25 or 1e-3',
        });
      } else {
        this.values.push(cell.value);
      }
    }
    this.rows++;
    this.trusted = true;
    return null;
  }

  private labelProblem(value: number): string | null {
    if (!Number.isInteger(value)) return `is ${value}, not an integer class`;
    const classes = this.classes ?? 2 ** 31;
    if (value < 0 || value >= classes) return `is ${value}, outside ${this.classes === undefined ? 'the class numbers 0..2147483647' : `class[${classes}] (0..${classes - 1})`}`;
    return null;
  }

  private badLabel(row: number, index: number, problem: string): Diagnostic {
    const hint = this.classes === undefined ? 'labels are class numbers 0, 1, 2, …' : `labels of class[${this.classes}] are the integers 0 to ${this.classes - 1}; declare class[K] with K above the largest label`;
    return makeDiagnostic('CsvBadLabel', this.path, undefined, { path: this.path, row, column: this.column(index), problem }, { hint });
  }

  /** After the last line; a problem, or null. */
  finish(): Diagnostic | null {
    if (this.rows > 0) return null;
    if (this.labelColumn !== undefined && this.labelIndex < 0) return this.missingLabelColumn();
    return this.format('has a header but no data rows');
  }

  result(): RawData {
    return {
      path: this.path,
      count: this.rows,
      exampleShape: [this.header.length - (this.labelIndex >= 0 ? 1 : 0)],
      exampleNoun: 'rows',
      examples: this.values.take(),
      storedRange: AS_STORED,
      ...(this.labelIndex >= 0
        ? { labels: { values: Int32Array.from(this.labels.take()), path: this.path } }
        : { noLabelsBecause: 'the csv source names no `label:` column' }),
    };
  }
}

/** Reads a CSV source; `classes` is the declared class[K] of its label field, when there is one. */
export async function readCsv(path: string, labelColumn: string | undefined, classes?: number): Promise<Result<RawData>> {
  const opened = await openDataFile(path);
  if (!opened.value) return { diagnostics: opened.diagnostics };
  const { handle, size } = opened.value;
  const reader = new CsvReader(path, labelColumn, classes);
  const fail = (d: Diagnostic): Result<RawData> => ({ diagnostics: [d] });
  try {
    let sawHeader = false;
    for await (const line of readLines(handle, size)) {
      if (line.kind === 'too-long') return fail(dataFormat(path, `row ${line.line} is longer than ${formatBytes(MAX_LINE_BYTES)}; is this a CSV file?`));
      if (line.kind === 'not-utf8') return fail(dataFormat(path, `row ${line.line} is not UTF-8 text; is this a CSV file?`));
      const problem = !sawHeader ? reader.readHeader(line.text) : line.text.trim() === '' ? null : reader.readRow(line.text, line.line);
      sawHeader = true;
      if (problem) return fail(problem);
    }
    if (!sawHeader) return fail(dataFormat(path, 'is empty (expected the column names on line 1)'));
    const problem = reader.finish();
    return problem ? fail(problem) : { value: reader.result(), diagnostics: [] };
  } finally {
    await handle.close();
  }
}
