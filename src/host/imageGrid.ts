// Writes a batch of images as one PNG grid: ⌈√count⌉ columns, as many rows as
// needed, 1-pixel mid-gray gutters between cells (visible on both black
// MNIST backgrounds and white ones), grayscale for C = 1, RGB for C = 3, RGBA
// for C = 4. Values map linearly from `range` to 0..255 and are clipped, so
// a tanh generator's −1..1 and a sigmoid's 0..1 both fill the byte range.
// Written with atomicWrite.ts's writeFileAtomic: a reader never sees half a file.

import { PNG } from 'pngjs';
import { writeFileAtomic } from './atomicWrite.js';

export const GUTTER = 1;
export const GUTTER_VALUE = 128;

/** PNG colour types for 1, 3 and 4 channels. */
const colorTypes: Readonly<Record<number, 0 | 2 | 6>> = { 1: 0, 3: 2, 4: 6 };

export interface GridLayout {
  readonly columns: number;
  readonly rows: number;
  readonly width: number;
  readonly height: number;
}

/** The near-square layout of `count` cells of `cellHeight`×`cellWidth`, or one of `fixedColumns` columns. */
export function gridLayout(count: number, cellHeight: number, cellWidth: number, fixedColumns?: number): GridLayout {
  const columns = Math.max(1, fixedColumns ?? Math.ceil(Math.sqrt(count)));
  const rows = Math.max(1, Math.ceil(count / columns));
  return {
    columns,
    rows,
    width: columns * cellWidth + (columns - 1) * GUTTER,
    height: rows * cellHeight + (rows - 1) * GUTTER,
  };
}

function toByte(value: number, low: number, span: number): number {
  const scaled = ((value - low) / span) * 255;
  // NaN (a diverged generator) shows as black rather than failing the run.
  return Number.isNaN(scaled) ? 0 : Math.min(255, Math.max(0, Math.round(scaled)));
}

/** The grid's pixels, C bytes per pixel, row after row. */
export function gridPixels(
  images: Float32Array,
  count: number,
  shape: readonly number[],
  range: readonly [number, number],
  columns?: number,
): { layout: GridLayout; pixels: Uint8Array } {
  const [height, width, channels = 1] = shape;
  const layout = gridLayout(count, height, width, columns);
  const pixels = new Uint8Array(layout.width * layout.height * channels).fill(GUTTER_VALUE);
  const [low, high] = range;
  const span = high - low || 1;
  const cell = height * width * channels;
  for (let n = 0; n < count; n++) {
    const top = Math.floor(n / layout.columns) * (height + GUTTER);
    const left = (n % layout.columns) * (width + GUTTER);
    for (let y = 0; y < height; y++) {
      const rowStart = ((top + y) * layout.width + left) * channels;
      const source = n * cell + y * width * channels;
      for (let i = 0; i < width * channels; i++) pixels[rowStart + i] = toByte(images[source + i], low, span);
    }
  }
  return { layout, pixels };
}

export async function writeImageGrid(
  path: string,
  images: Float32Array,
  count: number,
  shape: readonly number[],
  range: readonly [number, number],
  columns?: number,
): Promise<void> {
  const channels = shape.length === 2 ? 1 : shape[2];
  const colorType = colorTypes[channels];
  if ((shape.length !== 2 && shape.length !== 3) || colorType === undefined) {
    throw new Error(`writeImageGrid needs [height, width, 1|3|4] images, not [${shape.join(', ')}]`);
  }
  if (images.length < count * shape[0] * shape[1] * channels) {
    throw new Error(`writeImageGrid: ${images.length} values cannot hold ${count} images of [${shape.join(', ')}]`);
  }
  const { layout, pixels } = gridPixels(images, count, [shape[0], shape[1], channels], range, columns);
  const png = new PNG({ width: layout.width, height: layout.height });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const bytes = PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
  await writeFileAtomic(path, bytes);
}
