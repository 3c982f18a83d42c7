// The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist):
// a magic number 00 00 TT DD (TT the element type, DD the number of
// dimensions), DD big-endian uint32 sizes, then the elements, big-endian.

import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat, formatDims } from './dataDiagnostics.js';
import type { StoredValues } from './rawData.js';

interface IdxType {
  readonly name: string;
  readonly bytes: number;
  readonly integer: boolean;
  readonly read: (view: DataView, offset: number) => number;
  readonly make: (length: number) => StoredValues;
}

const idxTypes: ReadonlyMap<number, IdxType> = new Map([
  [0x08, { name: 'unsigned bytes', bytes: 1, integer: true, read: (v: DataView, o: number) => v.getUint8(o), make: (n: number) => new Uint8Array(n) }],
  [0x09, { name: 'signed bytes', bytes: 1, integer: true, read: (v: DataView, o: number) => v.getInt8(o), make: (n: number) => new Int8Array(n) }],
  [0x0b, { name: 'int16', bytes: 2, integer: true, read: (v: DataView, o: number) => v.getInt16(o), make: (n: number) => new Int16Array(n) }],
  [0x0c, { name: 'int32', bytes: 4, integer: true, read: (v: DataView, o: number) => v.getInt32(o), make: (n: number) => new Int32Array(n) }],
  [0x0d, { name: 'float32', bytes: 4, integer: false, read: (v: DataView, o: number) => v.getFloat32(o), make: (n: number) => new Float32Array(n) }],
  [0x0e, { name: 'float64', bytes: 8, integer: false, read: (v: DataView, o: number) => v.getFloat64(o), make: (n: number) => new Float64Array(n) }],
]);

export interface IdxArray {
  /** Sizes as stored, the first being the number of items. */
  readonly dims: readonly number[];
  readonly values: StoredValues;
  /** Unsigned bytes, the only type whose stored range is 0..255 (pixels). */
  readonly isBytes: boolean;
}

/** What the caller expects the file to hold; it shapes the messages. */
export interface IdxExpectation {
  readonly what: 'images' | 'labels';
  readonly dims: readonly number[];
}

export const IMAGES: IdxExpectation = { what: 'images', dims: [3, 4, 2] };
export const LABELS: IdxExpectation = { what: 'labels', dims: [1] };

function hex(bytes: Uint8Array): string {
  return `0x${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function expectedMagic(expect: IdxExpectation): string {
  const dims = expect.dims[0];
  return `0x000008${dims.toString(16).padStart(2, '0')} (unsigned bytes, ${dims} dimension${dims === 1 ? '' : 's'})`;
}

export function parseIdx(bytes: Uint8Array, path: string, expect: IdxExpectation): Result<IdxArray> {
  const fail = (problem: string, hint?: string): Result<IdxArray> => ({ diagnostics: [dataFormat(path, problem, hint)] });
  if (bytes.length < 4) return fail(`is too short to be an IDX ${expect.what} file (${bytes.length} bytes)`);
  const type = idxTypes.get(bytes[2]);
  const dimCount = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type || !expect.dims.includes(dimCount)) {
    const otherRole = bytes[0] === 0 && bytes[1] === 0 && type ? (dimCount === 1 ? 'labels' : 'images') : null;
    // The found magic is shown only when it looks like IDX (00 00 …): other files' bytes are not echoed.
    const found = bytes[0] === 0 && bytes[1] === 0 ? `wrong magic number ${hex(bytes)}` : 'not an IDX file';
    return fail(
      `${found}: an IDX ${expect.what} file starts with ${expectedMagic(expect)}`,
      otherRole && otherRole !== expect.what ? `this is an IDX ${otherRole} file: are the images and labels paths swapped?` : undefined,
    );
  }
  if (expect.what === 'labels' && !type.integer) return fail(`holds ${type.name}, but labels must be integers`);
  const headerBytes = 4 + 4 * dimCount;
  if (bytes.length < headerBytes) return fail(`is truncated: its header needs ${headerBytes} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: dimCount }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const expectedBytes = headerBytes + count * type.bytes;
  const promised = `${dims[0]} ${expect.what}${dims.length > 1 ? ` of ${formatDims(dims.slice(1))}` : ''}`;
  if (bytes.length < expectedBytes) {
    return fail(`is truncated: its header promises ${promised} (${expectedBytes} bytes), but the file has ${bytes.length} bytes`);
  }
  if (bytes.length > expectedBytes) {
    return fail(`has ${bytes.length - expectedBytes} bytes after the ${promised} its header describes`);
  }
  if (bytes[2] === 0x08) {
    return { value: { dims, values: bytes.subarray(headerBytes, expectedBytes), isBytes: true }, diagnostics: [] };
  }
  const values = type.make(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, headerBytes + i * type.bytes);
  return { value: { dims, values, isBytes: false }, diagnostics: [] };
}
