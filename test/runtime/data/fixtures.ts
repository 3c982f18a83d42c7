// Writers for small data files, so every test states the bytes it reads.
// Nothing here is read by the code under test except through loadData.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import type { DataField, DataSource, DataSourceSpec } from '../../../src/ir/types.js';

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aeganc-data-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function write(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** IDX bytes: 00 00 type dims, big-endian sizes, big-endian values. */
export function idxBytes(type: 0x08 | 0x0d, dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const itemBytes = type === 0x08 ? 1 : 4;
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + values.length * itemBytes);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, type, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < values.length; i++) {
    if (type === 0x08) bytes[header + i] = values[i];
    else view.setFloat32(header + 4 * i, values[i]);
  }
  return bytes;
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}

/** A .npy file, version 1.0 unless asked, header padded to 64 bytes as NumPy does. */
export function npyBytes(descr: string, shape: readonly number[], data: Uint8Array, options: { version?: 1 | 2; fortran?: boolean } = {}): Uint8Array {
  const version = options.version ?? 1;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  header = header.padEnd(Math.ceil((prefix + header.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(data, prefix + header.length);
  return out;
}

export function float32Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

export function float64Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(new Float64Array(values).buffer);
}

/** A PNG of `width`×`height`; gray (colorType 0), RGB (2) or RGBA (6); `pixel(x, y, c)` gives each byte. */
export function pngBytes(width: number, height: number, channels: 1 | 3 | 4, pixel: (x: number, y: number, c: number) => number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = pixel(x, y, channels === 1 ? 0 : c);
      png.data[i + 3] = channels === 4 ? pixel(x, y, 3) : 255;
    }
  }
  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  return PNG.sync.write(png, { colorType, inputHasAlpha: true });
}

export function exampleField(name: string, shape: readonly number[]): DataField {
  return { name, type: { kind: 'tensor', shape }, role: 'example' };
}

export function labelField(name: string, classes: number): DataField {
  return { name, type: { kind: 'class', classes }, role: 'label' };
}

export function dataSource(spec: DataSourceSpec, fields: readonly DataField[], range: readonly [number, number] = [0, 1]): DataSource {
  return { index: 0, spec, fields, range, source: { line: 3, column: 1 } };
}
