// `npy("file.npy")`: one NumPy array whose first axis indexes examples
// (numpy.org/doc/stable/reference/generated/numpy.lib.format.html). Supported:
// versions 1.0–3.0, little-endian float32 / float64 and uint8, C order. uint8
// is taken as pixels (stored range 0..255); floats are used as stored.

import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat } from './dataDiagnostics.js';
import { AS_STORED, BYTE_RANGE, type RawData, type StoredValues } from './rawData.js';
import { readBytes } from './readBytes.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface NpyDtype {
  readonly bytes: number;
  readonly make: (buffer: ArrayBuffer) => StoredValues;
  readonly range: readonly [number, number];
}

const dtypes: ReadonlyMap<string, NpyDtype> = new Map([
  ['<f4', { bytes: 4, make: (b: ArrayBuffer) => new Float32Array(b), range: AS_STORED }],
  ['<f8', { bytes: 8, make: (b: ArrayBuffer) => new Float64Array(b), range: AS_STORED }],
  ['|u1', { bytes: 1, make: (b: ArrayBuffer) => new Uint8Array(b), range: BYTE_RANGE }],
  ['<u1', { bytes: 1, make: (b: ArrayBuffer) => new Uint8Array(b), range: BYTE_RANGE }],
]);

export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

/** Reads the Python dict literal of the header, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. */
export function parseNpyHeader(text: string): NpyHeader | null {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return null;
  const parts = shapeText.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (!parts.every((p) => /^\d+L?$/.test(p))) return null;
  return { descr, fortranOrder: fortran === 'True', shape: parts.map((p) => Number.parseInt(p, 10)) };
}

export async function readNpy(path: string): Promise<Result<RawData>> {
  const read = await readBytes(path);
  if (!read.value) return { diagnostics: read.diagnostics };
  const bytes = read.value;
  const fail = (problem: string, hint?: string): Result<RawData> => ({ diagnostics: [dataFormat(path, problem, hint)] });

  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) {
    const found = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return fail(`wrong magic number (${found || 'empty file'}): a .npy file starts with 93 4e 55 4d 50 59 ("\\x93NUMPY")`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) return fail(`is .npy format version ${major}.${bytes[7]}; versions 1.0 to 3.0 are supported`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return fail('is truncated inside its header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (bytes.length < dataStart) return fail(`is truncated: its header needs ${dataStart} bytes, the file has ${bytes.length}`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));
  const header = parseNpyHeader(headerText);
  if (!header) return fail(`has a header that is not a .npy dict with descr, fortran_order and shape: ${headerText.trim()}`);

  const dtype = dtypes.get(header.descr);
  if (!dtype) return fail(`holds dtype '${header.descr}'; supported are float32 ('<f4'), float64 ('<f8') and uint8 ('|u1'), little-endian`, 'convert it: `np.save(path, a.astype(np.float32))`');
  if (header.fortranOrder) return fail('is in Fortran order; only C order is supported', 'save `np.ascontiguousarray(a)` instead');
  if (header.shape.length === 0) return fail('holds a single scalar; its first axis must index the examples');

  const elements = header.shape.reduce((a, b) => a * b, 1);
  const dataBytes = elements * dtype.bytes;
  const shapeText = `(${header.shape.join(', ')})`;
  if (bytes.length < dataStart + dataBytes) {
    return fail(`is truncated: its header promises a ${header.descr} array of shape ${shapeText} (${dataBytes} data bytes), but only ${bytes.length - dataStart} follow`);
  }
  // Copy into a fresh, aligned buffer: the data offset need not be a multiple
  // of 8 (and Buffer#slice would share memory rather than copy).
  const aligned = new Uint8Array(bytes.subarray(dataStart, dataStart + dataBytes));
  return {
    value: {
      path,
      count: header.shape[0],
      exampleShape: header.shape.slice(1),
      exampleNoun: 'arrays',
      examples: dtype.make(aligned.buffer),
      storedRange: dtype.range,
      noLabelsBecause: 'npy files hold no labels',
    },
    diagnostics: [],
  };
}
