// `aeganc complete --mask FILE.png`: a mask drawn as an image, white (or any
// pixel brighter than mid-gray) where the image is missing, black where it is
// kept: the convention of inpainting datasets and tools. Colour PNGs are read
// through their mean of R, G, B; alpha is ignored.

import { PNG } from 'pngjs';
import type { Diagnostic, Result } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { readBytes } from './data/readBytes.js';
import { describeIoError } from './ioErrors.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MASK_FIELD = '--mask';

function problem(id: 'MaskNotPng' | 'MaskSizeMismatch' | 'MaskEmpty', path: string, args: Record<string, string>, hint: string): Diagnostic {
  return makeDiagnostic(id, path, undefined, { path, ...args }, { field: MASK_FIELD, hint });
}

/** The mask in `path` as [H, W] of 0 (kept) and 1 (missing); it must be `height`×`width`. */
export async function readMaskImage(path: string, height: number, width: number): Promise<Result<Float32Array>> {
  const bytes = await readBytes(path, 'give --mask `center`, `random`, or the path of a PNG the size of one image (white where pixels are missing)');
  if (!bytes.value) return { diagnostics: bytes.diagnostics };
  const hint = 'draw the mask as a PNG the size of one image: white where pixels are missing, black where they are kept';
  if (!PNG_SIGNATURE.every((b, i) => bytes.value![i] === b)) {
    return { diagnostics: [problem('MaskNotPng', path, { problem: 'it does not start with the PNG signature' }, hint)] };
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.value.buffer, bytes.value.byteOffset, bytes.value.byteLength));
  } catch (error) {
    return { diagnostics: [problem('MaskNotPng', path, { problem: describeIoError(error) }, hint)] };
  }
  if (png.height !== height || png.width !== width) {
    const sizeHint = `resize the mask to ${height}×${width}, or use --mask center or --mask random`;
    return { diagnostics: [problem('MaskSizeMismatch', path, { actual: `${png.height}×${png.width}`, expected: `${height}×${width}` }, sizeHint)] };
  }
  // pngjs decodes every PNG to 8-bit RGBA.
  const mask = new Float32Array(height * width);
  let missing = 0;
  for (let i = 0; i < mask.length; i++) {
    const gray = (png.data[4 * i]! + png.data[4 * i + 1]! + png.data[4 * i + 2]!) / 3;
    mask[i] = gray > 127.5 ? 1 : 0;
    missing += mask[i]!;
  }
  if (missing === 0) return { diagnostics: [problem('MaskEmpty', path, {}, 'paint the missing region white (255); black pixels are kept')] };
  return { value: mask, diagnostics: [] };
}
