import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/host/data/loadData.js';
import { parseNpyHeader } from '../../../src/host/data/npySource.js';
import { dataSource, exampleField, float32Bytes, float64Bytes, labelField, makeTempDir, npyBytes, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  write(dir, 'f4.npy', npyBytes('<f4', [2, 3], float32Bytes([0.5, 1, 2, -3, 4, 5])));
  write(dir, 'f8-v2.npy', npyBytes('<f8', [3], float64Bytes([0.25, 0.5, 0.75]), { version: 2 }));
  write(dir, 'u1.npy', npyBytes('|u1', [1, 2, 2, 1], new Uint8Array([0, 255, 51, 102])));
  write(dir, 'i8.npy', npyBytes('<i8', [1], new Uint8Array(8)));
  write(dir, 'fortran.npy', npyBytes('<f4', [2, 2], float32Bytes([1, 2, 3, 4]), { fortran: true }));
  write(dir, 'truncated.npy', npyBytes('<f4', [4, 3], float32Bytes([1, 2, 3])));
  write(dir, 'not.npy', 'PK\u0003\u0004 a zip file');
});
afterAll(() => cleanup());

const npy = (file: string) => ({ kind: 'npy' as const, path: file });

describe('npy source', () => {
  it('reads float32 as stored, the first axis indexing examples', async () => {
    const { value, diagnostics } = await loadData(dataSource(npy('f4.npy'), [exampleField('v', [3])]), dir);
    expect(diagnostics).toEqual([]);
    expect(value?.count).toBe(2);
    expect(Array.from(value!.fields.get('v')!)).toEqual([0.5, 1, 2, -3, 4, 5]);
  });

  it('reads float64 from a version 2.0 file, one scalar per example, into a [1] field', async () => {
    const { value, diagnostics } = await loadData(dataSource(npy('f8-v2.npy'), [exampleField('v', [1])]), dir);
    expect(diagnostics).toEqual([]);
    expect(Array.from(value!.fields.get('v')!)).toEqual([0.25, 0.5, 0.75]);
  });

  it('maps uint8 from 0..255 onto the declared range', async () => {
    const { value } = await loadData(dataSource(npy('u1.npy'), [exampleField('img', [2, 2, 1])], [-1, 1]), dir);
    expect(value!.fields.get('img')).toEqual(Float32Array.from([-1, 1, -0.6, -0.2]));
  });

  it('reports a wrong magic number without showing the file\'s bytes', async () => {
    const { diagnostics } = await loadData(dataSource(npy('not.npy'), [exampleField('v', [3])]), dir);
    expect(diagnostics[0]).toMatchObject({ code: 'E0504' });
    expect(diagnostics[0].message).toBe(`${dir}/not.npy: is not a .npy file: it does not start with the magic bytes 93 4e 55 4d 50 59 ("\\x93NUMPY")`);
    expect(diagnostics[0].message).not.toContain('50 4b'); // the file's own bytes are not shown
  });

  it('reports a truncated array with the promised shape', async () => {
    const { diagnostics } = await loadData(dataSource(npy('truncated.npy'), [exampleField('v', [3])]), dir);
    expect(diagnostics[0].message).toBe(`${dir}/truncated.npy: is truncated: its header promises a <f4 array of shape (4, 3) (48 data bytes), but only 12 follow`);
  });

  it('reports unsupported dtypes and Fortran order, with how to convert', async () => {
    const int64 = await loadData(dataSource(npy('i8.npy'), [exampleField('v', [1])]), dir);
    expect(int64.diagnostics[0].message).toContain("holds dtype '<i8'");
    expect(int64.diagnostics[0].hint).toContain('astype(np.float32)');
    const fortran = await loadData(dataSource(npy('fortran.npy'), [exampleField('v', [2])]), dir);
    expect(fortran.diagnostics[0].message).toContain('Fortran order');
  });

  it('reports a shape that differs from the declared type, and a label it cannot supply', async () => {
    const shape = await loadData(dataSource(npy('f4.npy'), [exampleField('v', [2, 2])]), dir);
    expect(shape.diagnostics[0]).toMatchObject({ code: 'E0505', message: `${dir}/f4.npy: \`v\` is declared [2, 2], but the file holds examples of shape [3]` });
    const label = await loadData(dataSource(npy('f4.npy'), [exampleField('v', [3]), labelField('y', 2)]), dir);
    expect(label.diagnostics[0].message).toContain('npy files hold no labels');
  });
});

describe('parseNpyHeader', () => {
  it('reads descr, order and shape, including a 1-tuple and Python 2 longs', () => {
    expect(parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }")).toEqual({ descr: '<f4', fortranOrder: false, shape: [10] });
    expect(parseNpyHeader("{'descr': '|u1', 'fortran_order': False, 'shape': (2L, 3L), }")?.shape).toEqual([2, 3]);
    expect(parseNpyHeader("{'descr': '<f4'}")).toBeNull();
  });
});
