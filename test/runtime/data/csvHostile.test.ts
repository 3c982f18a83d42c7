// Hostile and malformed CSV files: each defect of issue 7 that the CSV
// reader had (labels wrapping through Int32, Number()'s extra grammar,
// file contents echoed in messages) as a fixture with its exact diagnostic.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/host/data/csvSource.js';
import { loadData } from '../../../src/host/data/loadData.js';
import { dataSource, exampleField, labelField, makeTempDir, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  write(dir, 'wraps.csv', 'a,y\n0.5,0\n0.25,4294967297\n');
  write(dir, 'negative.csv', 'a,y\n0.5,-1\n');
  write(dir, 'word-label.csv', 'a,y\n0.5,cat\n');
  write(dir, 'integral.csv', 'a,y\n0.5,2.0\n1,1e0\n');
  // The shape of the system password file: one "column", no numbers.
  write(dir, 'passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
  write(dir, 'binary.csv', new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x00, 0x31, 0x0a]));
  write(dir, 'wide.csv', `${Array.from({ length: 20 }, (_, i) => `c${i}`).join(',')}\n${Array(20).fill('1').join(',')}\n`);
  write(dir, 'secret-header.csv', 'password=hunter2\nhunter3\n');
});
afterAll(() => cleanup());

const csv = (file: string, label?: string) => ({ kind: 'csv' as const, path: file, ...(label ? { label } : {}) });
const oneCell = (cell: string) => write(dir, `cell-${Buffer.from(cell).toString('hex')}.csv`, `a,b\n1,${cell}\n`);

describe('csv labels', () => {
  it('rejects a label outside class[K] instead of wrapping it through Int32 (4294967297 was class 1)', async () => {
    const { value, diagnostics } = await loadData(dataSource(csv('wraps.csv', 'y'), [exampleField('x', [1]), labelField('y', 10)]), dir);
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'E0515',
      file: `${dir}/wraps.csv`,
      message: `${dir}/wraps.csv: row 3, column 2 (\`y\`): the label is 4294967297, outside class[10] (0..9)`,
      field: 'data x, y (line 3)',
    });
    expect(diagnostics[0].hint).toContain('0 to 9');
  });

  it('rejects negative and non-numeric labels with the row and column', async () => {
    const negative = await loadData(dataSource(csv('negative.csv', 'y'), [exampleField('x', [1]), labelField('y', 3)]), dir);
    expect(negative.diagnostics[0].message).toBe(`${dir}/negative.csv: row 2, column 2 (\`y\`): the label is -1, outside class[3] (0..2)`);
    const word = await loadData(dataSource(csv('word-label.csv', 'y'), [exampleField('x', [1]), labelField('y', 3)]), dir);
    expect(word.diagnostics[0]).toMatchObject({ code: 'E0515', message: `${dir}/word-label.csv: row 2, column 2 (\`y\`): the label is not a decimal number (3 characters of text)` });
  });

  it('accepts integral labels written as decimals', async () => {
    const { value, diagnostics } = await loadData(dataSource(csv('integral.csv', 'y'), [exampleField('x', [1]), labelField('y', 3)]), dir);
    expect(diagnostics).toEqual([]);
    expect(Array.from(value!.fields.get('y')!)).toEqual([2, 1]);
  });

  it('bounds labels by the Int32 range when no class field reads them', async () => {
    const { diagnostics } = await readCsv(`${dir}/wraps.csv`, 'y');
    expect(diagnostics[0]?.message).toBe(`${dir}/wraps.csv: row 3, column 2 (\`y\`): the label is 4294967297, outside the class numbers 0..2147483647`);
  });
});

describe('csv number grammar', () => {
  const rejected: [string, string][] = [
    ['0x10', 'is a hexadecimal, binary or octal literal; write the number in decimal'],
    ['0b1', 'is a hexadecimal, binary or octal literal; write the number in decimal'],
    ['0o7', 'is a hexadecimal, binary or octal literal; write the number in decimal'],
    ['Infinity', 'is not finite (NaN and infinities are not data)'],
    ['-inf', 'is not finite (NaN and infinities are not data)'],
    ['NaN', 'is not finite (NaN and infinities are not data)'],
    ['1e999', 'is a number too large for float32 (over 3.4e38 in magnitude)'],
    ['4e38', 'is a number too large for float32 (over 3.4e38 in magnitude)'],
    ['', 'is empty'],
    ['  ', 'is empty'],
    ['1_000', 'is not a decimal number (5 characters of text)'],
    ['1e', 'is not a decimal number (2 characters of text)'],
    ['\u00a01', 'is not a decimal number (2 characters of text)'],
    ['1 2', 'is not a decimal number (3 characters of text)'],
  ];
  it.each(rejected)('rejects %j with the row and the column', async (cell, problem) => {
    const file = oneCell(cell);
    const { diagnostics } = await loadData(dataSource(csv(file), [exampleField('x', [2])]), dir);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'E0514', message: `${file}: row 2, column 2 (\`b\`) ${problem}` });
  });

  const accepted: [string, number][] = [[' 1 ', 1], ['\t4', 4], ['+3', 3], ['.5', 0.5], ['5.', 5], ['-0.25', -0.25], ['1e-3', 0.001], ['1E+2', 100], ['"7"', 7], ['3.4e38', 3.4e38]];
  it.each(accepted)('accepts %j as %d', async (cell, expected) => {
    const { value, diagnostics } = await loadData(dataSource(csv(oneCell(cell)), [exampleField('x', [2])]), dir);
    expect(diagnostics).toEqual([]);
    expect(value!.fields.get('x')![1]).toBe(Math.fround(expected));
  });
});

describe('csv diagnostics show no file contents', () => {
  it('a spec pointing csv() at a non-CSV text file gets neither its lines nor its header', async () => {
    const noLabel = await loadData(dataSource(csv('passwd'), [exampleField('x', [1])]), dir);
    expect(noLabel.diagnostics[0]).toMatchObject({ code: 'E0514', message: `${dir}/passwd: row 2, column 1 is not a decimal number (47 characters of text)` });
    const label = await loadData(dataSource(csv('passwd', 'y'), [exampleField('x', [1]), labelField('y', 2)]), dir);
    expect(label.diagnostics[0]).toMatchObject({ code: 'E0504', message: `${dir}/passwd: has no column \`y\` (the label column) in its header of 1 column` });
    for (const d of [...noLabel.diagnostics, ...label.diagnostics]) expect(JSON.stringify(d)).not.toMatch(/root|daemon|bash|nologin/);
    const secret = await loadData(dataSource(csv('secret-header.csv'), [exampleField('x', [1])]), dir);
    expect(JSON.stringify(secret.diagnostics)).not.toMatch(/hunter/);
  });

  it('reports a file that is not UTF-8 text without decoding it into the message', async () => {
    const { diagnostics } = await loadData(dataSource(csv('binary.csv'), [exampleField('x', [2])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0504', message: `${dir}/binary.csv: row 2 is not UTF-8 text; is this a CSV file?` });
  });

  it('lists at most 12 header names of a real CSV', async () => {
    const { diagnostics } = await loadData(dataSource(csv('wide.csv', 'label'), [exampleField('x', [20])]), dir);
    expect(diagnostics[0].message).toBe(
      `${dir}/wide.csv: has no column \`label\` (the label column); its 20 columns are ${Array.from({ length: 12 }, (_, i) => `\`c${i}\``).join(', ')}, and 8 more`,
    );
  });
});
