// Malformed and lying .npy files (issue 7): NaN and infinities reaching
// training, headers that claim more or other than the file holds, and the
// hint for a 1-D array, which suggested the invalid shape [].

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeFits } from '../../../src/ir/shapeFits.js';
import { loadData } from '../../../src/host/data/loadData.js';
import { parseNpyHeader } from '../../../src/host/data/npySource.js';
import { dataSource, exampleField, float32Bytes, float64Bytes, makeTempDir, npyBytes, write } from './fixtures.js';

let dir: string;
let cleanup: () => void;

/** A version 1.0 .npy whose header is `header` verbatim. */
function rawNpy(header: string, data: Uint8Array, declaredLength = header.length): Uint8Array {
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, declaredLength, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

function bigEndianF4(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, false));
  return bytes;
}

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  write(dir, 'nan.npy', npyBytes('<f4', [2, 3], float32Bytes([0, 1, 2, 3, 4, Number.NaN])));
  write(dir, 'inf.npy', npyBytes('<f8', [2, 2], float64Bytes([0, -Infinity, 1, 2])));
  write(dir, 'f8-huge.npy', npyBytes('<f8', [2, 1], float64Bytes([0, 1e300])));
  write(dir, 'near-max.npy', npyBytes('<f4', [1, 1], float32Bytes([3e38])));
  write(dir, 'big-endian.npy', npyBytes('>f4', [2, 2], bigEndianF4([1.5, -2, 0.25, 8])));
  write(dir, 'trailing.npy', (() => {
    const file = npyBytes('<f4', [1, 2], float32Bytes([1, 2, 3]));
    return file;
  })());
  write(dir, 'empty.npy', npyBytes('<f4', [0, 3], new Uint8Array(0)));
  write(dir, 'vector.npy', npyBytes('<f4', [3], float32Bytes([1, 2, 3])));
  write(dir, 'fortran-1d.npy', npyBytes('<f4', [4, 1], float32Bytes([1, 2, 3, 4]), { fortran: true }));
  write(dir, 'duplicate-key.npy', rawNpy("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n", float32Bytes([1])));
  write(dir, 'extra-key.npy', rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}\n", float32Bytes([1])));
  write(dir, 'lying-length.npy', rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", float32Bytes([1]), 60000));
  write(dir, 'absurd-shape.npy', rawNpy(`{'descr': '<f4', 'fortran_order': False, 'shape': (${'9'.repeat(40)}, 2), }\n`, float32Bytes([1])));
  write(dir, 'empty-file.npy', new Uint8Array(0));
  write(dir, 'text.npy', 'root:x:0:0:root:/root:/bin/bash\n');
  // Version 2.0 with a 4-byte header length near 4 GiB.
  const v2 = npyBytes('<f4', [1], float32Bytes([1]), { version: 2 });
  new DataView(v2.buffer).setUint32(8, 0xfffffff0, true);
  write(dir, 'huge-header.npy', v2);
});
afterAll(() => cleanup());

const npy = (file: string) => ({ kind: 'npy' as const, path: file });
const load = (file: string, shape: readonly number[], range?: readonly [number, number]) => loadData(dataSource(npy(file), [exampleField('x', shape)], range), dir);

describe('npy values must be finite', () => {
  it('rejects NaN with the file, its index and its flat position', async () => {
    const { value, diagnostics } = await load('nan.npy', [3]);
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'E0516', file: `${dir}/nan.npy`, message: `${dir}/nan.npy: element [1, 2] (flat index 5, example 1) is NaN` });
    expect(diagnostics[0].hint).toContain('nan_to_num');
  });

  it('rejects infinities, and float64 values that are infinite as float32', async () => {
    expect((await load('inf.npy', [2])).diagnostics[0].message).toBe(`${dir}/inf.npy: element [0, 1] (flat index 1, example 0) is -infinity`);
    expect((await load('f8-huge.npy', [1])).diagnostics[0].message).toBe(`${dir}/f8-huge.npy: element [1, 0] (flat index 1, example 1) is 1e+300, too large for float32 (over 3.4e38 in magnitude)`);
  });

  it('rejects a finite value that the declared scale makes infinite', async () => {
    expect((await load('near-max.npy', [1])).diagnostics).toEqual([]);
    const scaled = await load('near-max.npy', [1], [-1, 1]);
    expect(scaled.diagnostics[0]).toMatchObject({ code: 'E0516', message: `${dir}/near-max.npy: element [0, 0] (flat index 0, example 0) is 3e+38, which the declared scale -1..1 turns into an infinity` });
  });
});

describe('npy headers are checked against the file', () => {
  it('reads big-endian floats, and Fortran order where it is the same layout as C order', async () => {
    const big = await load('big-endian.npy', [2]);
    expect(big.diagnostics).toEqual([]);
    expect(Array.from(big.value!.fields.get('x')!)).toEqual([1.5, -2, 0.25, 8]);
    const fortran = await load('fortran-1d.npy', [1]);
    expect(fortran.diagnostics).toEqual([]);
    expect(Array.from(fortran.value!.fields.get('x')!)).toEqual([1, 2, 3, 4]);
  });

  it('rejects bytes past the array the header describes', async () => {
    expect((await load('trailing.npy', [2])).diagnostics[0]).toMatchObject({
      code: 'E0504',
      message: `${dir}/trailing.npy: has 4 bytes after the <f4 array of shape (1, 2) its header describes`,
    });
  });

  it('rejects a header that lies about its length, its keys or its shape', async () => {
    const notADict = `has a header that is not a dict of exactly descr, fortran_order and shape`;
    expect((await load('duplicate-key.npy', [1])).diagnostics[0].message).toBe(`${dir}/duplicate-key.npy: ${notADict}`);
    expect((await load('extra-key.npy', [1])).diagnostics[0].message).toBe(`${dir}/extra-key.npy: ${notADict}`);
    expect((await load('lying-length.npy', [1])).diagnostics[0].message).toBe(`${dir}/lying-length.npy: is truncated: its header needs 60010 bytes, the file has 72`);
    expect((await load('huge-header.npy', [1])).diagnostics[0].message).toBe(`${dir}/huge-header.npy: declares a header of 4294967280 bytes; a .npy header holds at most 65536`);
    expect((await load('absurd-shape.npy', [2])).diagnostics[0].message).toBe(`${dir}/absurd-shape.npy: declares a shape (1e+40, 2) too large for any file`);
  });

  it('names the file when it holds no examples', async () => {
    expect((await load('empty.npy', [3])).diagnostics[0]).toMatchObject({ code: 'E0505', message: `${dir}/empty.npy: holds 0 examples (shape (0, 3))` });
  });

  it('does not show the bytes of a file that is not .npy', async () => {
    const text = await load('text.npy', [1]);
    expect(text.diagnostics[0].code).toBe('E0504');
    expect(JSON.stringify(text.diagnostics)).not.toMatch(/root|72 6f/);
    expect((await load('empty-file.npy', [1])).diagnostics[0].message).toBe(`${dir}/empty-file.npy: is empty, not a .npy file`);
  });

  it('parses only exact header dicts', () => {
    expect(parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), }")).toEqual({ descr: '<f4', fortranOrder: false, shape: [] });
    expect(parseNpyHeader("{\"descr\": \"<f4\", \"fortran_order\": True, \"shape\": (2, 3)}   \n")).toEqual({ descr: '<f4', fortranOrder: true, shape: [2, 3] });
    expect(parseNpyHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")).toBeNull();
    expect(parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } trailing")).toBeNull();
    expect(parseNpyHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }")).toBeNull();
    expect(parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")).toBeNull();
  });
});

describe('the hint for a 1-D array', () => {
  it('suggests [1], a shape the checker accepts and the loader reads, not []', async () => {
    const { diagnostics } = await load('vector.npy', [3]);
    expect(diagnostics[0]).toMatchObject({ code: 'E0505', message: `${dir}/vector.npy: \`x\` is declared [3], but the file holds one number per example (a 1-D array)`, hint: 'declare `x: [1]`' });
    expect(shapeFits([1], [])).toBe(true);
    const fixed = await load('vector.npy', [1]);
    expect(Array.from(fixed.value!.fields.get('x')!)).toEqual([1, 2, 3]);
  });
});
