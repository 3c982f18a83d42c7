// `classes:` keeps the examples of the listed classes, in stored order, with their labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/host/data/loadData.js';
import { dataSource, exampleField, labelField, makeTempDir, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  write(dir, 'rows.csv', 'a,b,y\n1,2,0\n3,4,2\n5,6,1\n7,8,2\n');
});
afterAll(() => cleanup());

const csv = { kind: 'csv' as const, path: 'rows.csv', label: 'y' };

describe('classes: on a loaded source', () => {
  it('keeps the listed classes in stored order, examples and labels together', async () => {
    const source = { ...dataSource(csv, [exampleField('v', [2]), labelField('y', 3)]), classes: [1, 2] };
    const { value, diagnostics } = await loadData(source, dir);
    expect(diagnostics).toEqual([]);
    expect(value?.count).toBe(3);
    expect(Array.from(value!.fields.get('v')!)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(Array.from(value!.fields.get('y')!)).toEqual([2, 1, 2]);
  });

  it('filters by the labels even when no label field is declared (mnist: one digit)', async () => {
    const all = await loadData(dataSource({ kind: 'mnist', split: 'test' }, [exampleField('x', [784]), labelField('y', 10)]), dir);
    const ones = await loadData({ ...dataSource({ kind: 'mnist', split: 'test' }, [exampleField('x', [784])]), classes: [1] }, dir);
    expect(ones.diagnostics).toEqual([]);
    const labels = all.value!.fields.get('y')!;
    const expected = Array.from(labels).filter((l) => l === 1).length;
    expect(ones.value?.count).toBe(expected);
    expect(expected).toBeGreaterThan(100);
    const firstOne = Array.from(labels).indexOf(1);
    expect(ones.value!.fields.get('x')!.slice(0, 784)).toEqual(all.value!.fields.get('x')!.slice(firstOne * 784, (firstOne + 1) * 784));
  });

  it('a class the file does not hold is a data error naming the path', async () => {
    const source = { ...dataSource(csv, [exampleField('v', [2]), labelField('y', 5)]), classes: [4] };
    const { value, diagnostics } = await loadData(source, dir);
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['E0504', `${dir}/rows.csv: has no example of class 4, so \`classes:\` keeps nothing`, 'list classes that the file holds'],
    ]);
  });
});
