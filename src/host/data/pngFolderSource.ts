// `images("dir")`: every .png file in a folder (not its subfolders), sorted by
// file name (code-unit order, so the same on every machine), one example each.
// pngjs decodes any PNG to 8-bit RGBA; we keep the channels the declared type
// asks for: C = 1 needs a grayscale PNG, C = 3 a colour one (alpha dropped),
// C = 4 a colour one with alpha. Pixels are bytes, stored range 0..255.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat, dataShape, fileNotFound, formatDims, formatShape } from './dataDiagnostics.js';
import { BYTE_RANGE, type RawData } from './rawData.js';
import { readBytes } from './readBytes.js';
import { describeIoError } from '../ioErrors.js';

/** The channels a decoded PNG really has: gray (1) or colour (3), plus alpha. */
function channelsOf(png: { readonly color: boolean; readonly alpha: boolean }): number {
  return (png.color ? 3 : 1) + (png.alpha ? 1 : 0);
}

/** Whether a PNG with `stored` channels can supply `declared` ones (alpha may be dropped). */
function channelsFit(declared: number, png: { readonly color: boolean; readonly alpha: boolean }): boolean {
  if (declared === 1) return !png.color;
  if (declared === 3) return png.color;
  if (declared === 4) return png.color && png.alpha;
  return false;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Size and colour type (bit 2 colour, bit 4 alpha) from a PNG's IHDR chunk; undefined if the bytes do not start like a PNG. */
function pngSize(bytes: Uint8Array): { width: number; height: number; color: boolean; alpha: boolean } | undefined {
  if (bytes.length < 26 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const colorType = bytes[25];
  return { width: view.getUint32(16), height: view.getUint32(20), color: (colorType & 2) !== 0, alpha: (colorType & 4) !== 0 };
}

export async function readPngFolder(dir: string, declared: readonly number[]): Promise<Result<RawData>> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && /\.png$/i.test(entry.name))
      .map((entry) => entry.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    return { diagnostics: [fileNotFound(dir, describeIoError(error))] };
  }
  if (names.length === 0) return { diagnostics: [dataFormat(dir, 'holds no .png files')] };
  if (declared.length !== 3) {
    return {
      diagnostics: [dataShape(dir, `images() gives [height, width, channels] examples, but the declared type is ${formatShape(declared)}`)],
    };
  }
  const [height, width, channels] = declared;
  const pixels = height * width * channels;
  const examples = new Uint8Array(names.length * pixels);
  for (const [index, name] of names.entries()) {
    const file = path.join(dir, name);
    const bytes = await readBytes(file);
    if (!bytes.value) return { diagnostics: bytes.diagnostics };
    // The size is in the IHDR chunk at bytes 16..23: check it before decoding, which allocates width×height×4.
    const size = pngSize(bytes.value);
    if (size && (size.width !== width || size.height !== height)) {
      const found = formatDims([size.height, size.width, channelsOf(size)]);
      return { diagnostics: [dataShape(file, `the declared type is ${formatShape(declared)}, but this image is ${found} (height×width×channels)`)] };
    }
    let png: PNG & { color: boolean; alpha: boolean };
    try {
      png = PNG.sync.read(Buffer.from(bytes.value.buffer, bytes.value.byteOffset, bytes.value.byteLength));
    } catch (error) {
      return { diagnostics: [dataFormat(file, `is not a readable PNG (${describeIoError(error)})`)] };
    }
    if (png.height !== height || png.width !== width || !channelsFit(channels, png)) {
      const found = formatDims([png.height, png.width, channelsOf(png)]);
      return {
        diagnostics: [dataShape(file, `the declared type is ${formatShape(declared)}, but this image is ${found} (height×width×channels)`)],
      };
    }
    const out = index * pixels;
    for (let p = 0; p < height * width; p++) {
      for (let c = 0; c < channels; c++) examples[out + p * channels + c] = png.data[p * 4 + c];
    }
  }
  return {
    value: {
      path: dir,
      count: names.length,
      exampleShape: declared,
      exampleNoun: 'images',
      examples,
      storedRange: BYTE_RANGE,
      noLabelsBecause: 'an images() folder holds no labels',
    },
    diagnostics: [],
  };
}
