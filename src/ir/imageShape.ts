import type { Shape } from './types.js';

/** The channel counts a PNG grid can show: grayscale, RGB, RGBA. */
export const IMAGE_CHANNELS: readonly number[] = [1, 3, 4];

/**
 * How a per-example shape shows as an image: [H, W, C] with C = 1, 3 or 4,
 * [H, W] (grayscale), or a square [H·W] (grayscale); undefined when it
 * cannot. Check (a `sample` target) and the grids (runtime) both ask here.
 */
export function imageShape(shape: Shape): [number, number, number] | undefined {
  if (shape.length === 3) return IMAGE_CHANNELS.includes(shape[2]!) ? [shape[0]!, shape[1]!, shape[2]!] : undefined;
  if (shape.length === 2) return [shape[0]!, shape[1]!, 1];
  if (shape.length === 1) {
    const side = Math.round(Math.sqrt(shape[0]!));
    if (side * side === shape[0]) return [side, side, 1];
  }
  return undefined;
}
