import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../../src/host/data/csvSource.js';
import { loadData } from '../../../src/host/data/loadData.js';
import { dataSource, exampleField, labelField, makeTempDir, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  write(dir, 'points.csv', 'a,"class",b\n0.5,1,2\n-1,0,3e-1\n\n');
  write(dir, 'crlf.csv', '\uFEFFp0,p1,p2,p3\r\n1,2,3,4\r\n5,6,7,8\r\n');
  write(dir, 'bad-number.csv', 'a,b\n1,2\n3,x\n');
  write(dir, 'bad-width.csv', 'a,b\n1,2\n3\n');
  write(dir, 'bad-label.csv', 'a,label\n1,0.5\n');
  write(dir, 'empty-field.csv', 'a,b\n1,\n');
  write(dir, 'header-only.csv', 'a,b\n');
  write(dir, 'label-7.csv', 'a,label\n1,7\n');
});
afterAll(() => cleanup());

const csv = (file: string, label?: string) => ({ kind: 'csv' as const, path: file, ...(label ? { label } : {}) });

describe('csv source', () => {
  it('takes the label column as classes and the other columns, in order, as values used as stored', async () => {
    const { value, diagnostics } = await loadData(dataSource(csv('points.csv', 'class'), [exampleField('p', [2]), labelField('c', 2)]), dir);
    expect(diagnostics).toEqual([]);
    expect(value?.count).toBe(2);
    expect(value!.fields.get('p')).toEqual(Float32Array.from([0.5, 2, -1, 0.3]));
    expect(Array.from(value!.fields.get('c')!)).toEqual([1, 0]);
  });

  it('applies scale as a linear map from 0..1', async () => {
    const { value } = await loadData(dataSource(csv('points.csv', 'class'), [exampleField('p', [2])], [-1, 1]), dir);
    expect(value!.fields.get('p')).toEqual(Float32Array.from([0, 3, -3, -0.4]));
  });

  it('reads CRLF files with a BOM, and reshapes a flat row to a declared image shape', async () => {
    const { value, diagnostics } = await loadData(dataSource(csv('crlf.csv'), [exampleField('img', [2, 2, 1])]), dir);
    expect(diagnostics).toEqual([]);
    expect(Array.from(value!.fields.get('img')!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reports a label column that does not exist, listing the columns', async () => {
    const { diagnostics } = await loadData(dataSource(csv('points.csv', 'digit'), [exampleField('p', [2])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0504', message: `${dir}/points.csv: has no column \`digit\` (the label column); its 3 columns are \`a\`, \`class\`, \`b\`` });
  });

  it('reports the row and column of a value that is not a number', async () => {
    const { diagnostics } = await loadData(dataSource(csv('bad-number.csv'), [exampleField('p', [2])]), dir);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'E0514', message: `${dir}/bad-number.csv: row 3, column 2 (\`b\`) is not a decimal number (1 character of text)` });
    const empty = await loadData(dataSource(csv('empty-field.csv'), [exampleField('p', [2])]), dir);
    expect(empty.diagnostics[0].message).toBe(`${dir}/empty-field.csv: row 2, column 2 (\`b\`) is empty`);
  });

  it('reports a row with the wrong number of fields', async () => {
    const { diagnostics } = await loadData(dataSource(csv('bad-width.csv'), [exampleField('p', [2])]), dir);
    expect(diagnostics[0].message).toBe(`${dir}/bad-width.csv: row 3 has 1 fields, but the header has 2 columns`);
  });

  it('reports a label that is not an integer, and one outside class[K]', async () => {
    const fraction = await loadData(dataSource(csv('bad-label.csv', 'label'), [exampleField('p', [1]), labelField('y', 2)]), dir);
    expect(fraction.diagnostics[0]).toMatchObject({ code: 'E0515', message: `${dir}/bad-label.csv: row 2, column 2 (\`label\`): the label is 0.5, not an integer class` });
    const big = await loadData(dataSource(csv('label-7.csv', 'label'), [exampleField('p', [1]), labelField('y', 5)]), dir);
    expect(big.diagnostics[0]).toMatchObject({ code: 'E0515', message: `${dir}/label-7.csv: row 2, column 2 (\`label\`): the label is 7, outside class[5] (0..4)` });
  });

  it('reports a declared shape with another number of values than the rows', async () => {
    const { diagnostics } = await loadData(dataSource(csv('crlf.csv'), [exampleField('p', [3])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0505', message: `${dir}/crlf.csv: \`p\` is declared [3], but the file holds rows of 4 values` });
  });

  it('reports a file with no data rows, and a label with no label column', async () => {
    const { diagnostics } = await loadData(dataSource(csv('header-only.csv'), [exampleField('p', [2])]), dir);
    expect(diagnostics[0].message).toBe(`${dir}/header-only.csv: has a header but no data rows`);
    const noLabel = await loadData(dataSource(csv('crlf.csv'), [exampleField('p', [4]), labelField('y', 2)]), dir);
    expect(noLabel.diagnostics[0].message).toContain('the csv source names no `label:` column');
  });
});

describe('splitCsvLine', () => {
  it('handles quotes, doubled quotes and commas inside quotes', () => {
    expect(splitCsvLine('1, "a,b" ,"say ""hi"""')).toEqual(['1', 'a,b', 'say "hi"']);
    expect(splitCsvLine('"open')).toBeNull();
  });
});
