// `npy("file.npy")`: one NumPy array whose first axis indexes examples
// (numpy.org/doc/stable/reference/generated/numpy.lib.format.html). Supported:
// versions 1.0–3.0, float32 / float64 (either byte order) and uint8, C order.
// uint8 is taken as pixels (stored range 0..255); floats are used as stored.
// Everything the header claims is checked against the file's length before
// anything is allocated; non-finite values are caught in assembleFields.

import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat, dataShape } from './dataDiagnostics.js';
import { parseNpyHeader } from './npyHeader.js';
import { AS_STORED, BYTE_RANGE, type RawData, type StoredValues } from './rawData.js';
import { readBytes } from './readBytes.js';

export { parseNpyHeader, type NpyHeader } from './npyHeader.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy itself refuses headers over 10,000 bytes by default; we allow a little more. */
const MAX_HEADER_BYTES = 65536;

interface NpyDtype {
  readonly bytes: number;
  readonly range: readonly [number, number];
  /** The values of `bytes` (a fresh copy unless the layout already fits). */
  readonly read: (bytes: Uint8Array, count: number) => StoredValues;
}

/** Native little-endian: view the bytes in place when aligned, else copy them into an aligned buffer. */
function littleEndian(make: (buffer: ArrayBufferLike, offset: number, length: number) => StoredValues, size: number) {
  return (bytes: Uint8Array, count: number): StoredValues => {
    const source = bytes.byteOffset % size === 0 ? bytes : new Uint8Array(bytes);
    return make(source.buffer, source.byteOffset, count);
  };
}

function bigEndian(make: (count: number) => Float32Array | Float64Array, size: number) {
  return (bytes: Uint8Array, count: number): StoredValues => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = make(count);
    for (let i = 0; i < count; i++) out[i] = size === 4 ? view.getFloat32(i * 4, false) : view.getFloat64(i * 8, false);
    return out;
  };
}

const u1: NpyDtype = { bytes: 1, range: BYTE_RANGE, read: (b, n) => b.subarray(0, n) };
const dtypes: ReadonlyMap<string, NpyDtype> = new Map([
  ['<f4', { bytes: 4, range: AS_STORED, read: littleEndian((b, o, n) => new Float32Array(b, o, n), 4) }],
  ['<f8', { bytes: 8, range: AS_STORED, read: littleEndian((b, o, n) => new Float64Array(b, o, n), 8) }],
  ['>f4', { bytes: 4, range: AS_STORED, read: bigEndian((n) => new Float32Array(n), 4) }],
  ['>f8', { bytes: 8, range: AS_STORED, read: bigEndian((n) => new Float64Array(n), 8) }],
  ['|u1', u1],
  ['<u1', u1],
  ['>u1', u1],
]);

export async function readNpy(path: string): Promise<Result<RawData>> {
  const read = await readBytes(path);
  if (!read.value) return { diagnostics: read.diagnostics };
  const bytes = read.value;
  const fail = (problem: string, hint?: string): Result<RawData> => ({ diagnostics: [dataFormat(path, problem, hint)] });
  const saveHint = 'write it with `np.save(path, a)`';

  // The first bytes are not shown: the file may be any file a spec names.
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) {
    return fail(bytes.length === 0 ? 'is empty, not a .npy file' : 'is not a .npy file: it does not start with the magic bytes 93 4e 55 4d 50 59 ("\\x93NUMPY")', saveHint);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) return fail(`is .npy format version ${major}.${bytes[7]}; versions 1.0 to 3.0 are supported`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return fail('is truncated inside its header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) return fail(`declares a header of ${headerLength} bytes; a .npy header holds at most ${MAX_HEADER_BYTES}`, saveHint);
  const dataStart = 8 + lengthBytes + headerLength;
  if (bytes.length < dataStart) return fail(`is truncated: its header needs ${dataStart} bytes, the file has ${bytes.length}`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));
  const header = parseNpyHeader(headerText);
  if (!header) return fail('has a header that is not a dict of exactly descr, fortran_order and shape', saveHint);

  const dtype = dtypes.get(header.descr);
  if (!dtype) {
    // The descr is shown only when it is short and plain: it comes from the file.
    const shown = /^[<>|=]?[a-zA-Z]\d{0,2}$/.test(header.descr) ? `dtype '${header.descr}'` : 'a dtype';
    return fail(`holds ${shown}; supported are float32 ('<f4', '>f4'), float64 ('<f8', '>f8') and uint8 ('|u1')`, 'convert it: `np.save(path, a.astype(np.float32))`');
  }
  if (header.shape.length === 0) return fail('holds a single scalar; its first axis must index the examples');
  const shapeText = `(${header.shape.join(', ')})`;
  const elements = header.shape.reduce((a, b) => a * b, 1);
  const dataBytes = elements * dtype.bytes;
  if (!header.shape.every(Number.isSafeInteger) || !Number.isSafeInteger(dataBytes)) {
    return fail(`declares a shape ${shapeText} too large for any file`);
  }
  // Fortran order is C order of the reversed axes; it is the same layout when at most one axis is longer than 1.
  if (header.fortranOrder && header.shape.filter((d) => d > 1).length > 1) {
    return fail('is in Fortran order; only C order is supported', 'save `np.ascontiguousarray(a)` instead');
  }
  const follow = bytes.length - dataStart;
  if (follow < dataBytes) {
    return fail(`is truncated: its header promises a ${header.descr} array of shape ${shapeText} (${dataBytes} data bytes), but only ${follow} follow`);
  }
  if (follow > dataBytes) {
    return fail(`has ${follow - dataBytes} bytes after the ${header.descr} array of shape ${shapeText} its header describes`, saveHint);
  }
  if (header.shape[0] === 0) return { diagnostics: [dataShape(path, `holds 0 examples (shape ${shapeText})`)] };
  return {
    value: {
      path,
      count: header.shape[0],
      exampleShape: header.shape.slice(1),
      exampleNoun: 'arrays',
      examples: dtype.read(bytes.subarray(dataStart), elements),
      storedRange: dtype.range,
      noLabelsBecause: 'npy files hold no labels',
    },
    diagnostics: [],
  };
}
