// Image completion (`aeganc complete`): which network of a trained model fills
// a masked region, and the filling itself. A conditional generator (pix2pix)
// is a network applied to a `cutout` image (and optionally its `cutout_mask`)
// that returns an image of the same shape; it completes in one pass. An
// autoencoder completes by iterated reconstruction: the known pixels stay,
// the masked ones are replaced by the reconstruction, K times.

import { tf, type Tensor } from './tf.js';
import type { DataSource, ExprNode, IrModule, Network } from '../ir/types.js';
import { autoencoderParts, modelInferenceContext, type AutoencoderParts, type InferenceModel } from './inference.js';
import { applyNetwork } from './network.js';

/** What a generator's inputs are fed: the masked image, or the mask ([H, W, 1], 1 = missing). */
export type GeneratorInput = 'masked' | 'mask';

export type Completer =
  | { readonly kind: 'generator'; readonly network: Network; readonly inputs: readonly GeneratorInput[]; readonly output: number; readonly source: DataSource; readonly field: string }
  | { readonly kind: 'autoencoder'; readonly parts: AutoencoderParts; readonly field: string };

/** How the model was trained to see holes: the first `cutout`'s size and fill (fill 0 without one). */
export interface TrainedCutout {
  readonly size?: number;
  readonly fill: number;
}

export function trainedCutout(ir: IrModule): TrainedCutout {
  const cut = ir.nodes.find((n): n is ExprNode & { op: 'cutout' } => n.op === 'cutout');
  return cut ? { size: cut.attrs.size, fill: cut.attrs.fill } : { fill: 0 };
}

/** The data node a value comes from through cutouts, or undefined. */
function dataOrigin(ir: IrModule, id: number): (ExprNode & { op: 'data' }) | undefined {
  let node = ir.nodes[id]!;
  while (node.op === 'cutout' || node.op === 'cutout_mask') node = ir.nodes[node.inputs[0]!]!;
  return node.op === 'data' ? node : undefined;
}

/** A network applied to cutout(data) (and maybe its mask) that gives back an image shaped like the data. */
function conditionalGenerator(ir: IrModule): Completer | undefined {
  for (const node of ir.nodes) {
    if (node.op !== 'apply') continue;
    const inputs = node.inputs.map((i) => ir.nodes[i]!);
    const roles = inputs.map((n): GeneratorInput | undefined => (n.op === 'cutout' ? 'masked' : n.op === 'cutout_mask' ? 'mask' : undefined));
    if (!roles.includes('masked') || roles.includes(undefined)) continue;
    const origins = node.inputs.map((i) => dataOrigin(ir, i));
    const field = origins[0]?.attrs.field;
    if (field === undefined || origins.some((o) => o?.attrs.field !== field)) continue;
    const dataShape = ir.nodes[inputs[roles.indexOf('masked')]!.id]!.type;
    if (node.type.kind !== 'tensor' || dataShape.kind !== 'tensor' || node.type.shape.join(',') !== dataShape.shape.join(',')) continue;
    const network = ir.networks.find((n) => n.name === node.attrs.network);
    const source = ir.data[origins[0]!.attrs.source];
    if (network && source) return { kind: 'generator', network, inputs: roles as GeneratorInput[], output: node.attrs.output, source, field };
  }
  return undefined;
}

/** The model's completer: a conditional generator first, else its autoencoder; undefined when it has neither. */
export function findCompleter(model: InferenceModel): Completer | undefined {
  const generator = conditionalGenerator(model.ir);
  if (generator) return generator;
  const parts = autoencoderParts(model.ir);
  return parts ? { kind: 'autoencoder', parts, field: parts.role.data } : undefined;
}

export function completerSource(completer: Completer): DataSource {
  return completer.kind === 'generator' ? completer.source : completer.parts.source;
}

/**
 * Completes images `x` [N, H, W, C] where `mask` [N, H, W, 1] is 1. The
 * holes start at `fill` (what the model saw in training); an autoencoder then
 * reconstructs `iterations` times, each time keeping the known pixels.
 */
export function completeImages(model: InferenceModel, completer: Completer, x: Tensor, mask: Tensor, fill: number, iterations: number): Tensor {
  return tf.tidy(() => {
    const ctx = modelInferenceContext(model);
    const keep = tf.sub(1, mask);
    const known = tf.mul(x, keep);
    const masked = tf.add(known, tf.mul(mask, fill));
    if (completer.kind === 'generator') {
      const inputs = completer.inputs.map((role) => (role === 'masked' ? masked : mask));
      const out = applyNetwork(completer.network, inputs, ctx, 0)[completer.output]!;
      return tf.add(known, tf.mul(tf.reshape(out, x.shape), mask));
    }
    const { encoder, decoder, role } = completer.parts;
    let current = masked;
    for (let k = 0; k < iterations; k++) {
      const code = applyNetwork(encoder, [current], ctx, 0)[role.codeOutput]!;
      const reconstruction = tf.reshape(applyNetwork(decoder, [code], ctx, 1)[0]!, x.shape);
      current = tf.add(known, tf.mul(reconstruction, mask));
    }
    return current;
  });
}

/** Masks [N, H, W, 1]: one square of `size` in the centre of every image. */
export function centerSquares(count: number, height: number, width: number, size: number): Float32Array {
  const top = Math.floor((height - size) / 2);
  const left = Math.floor((width - size) / 2);
  const one = new Float32Array(height * width);
  for (let y = top; y < top + size; y++) one.fill(1, y * width + left, y * width + left + size);
  return repeatMask(one, count);
}

/** One [H, W] mask repeated for `count` images. */
export function repeatMask(one: Float32Array, count: number): Float32Array {
  const all = new Float32Array(one.length * count);
  for (let n = 0; n < count; n++) all.set(one, n * one.length);
  return all;
}

/** Mean squared error over the masked elements only (every channel of a masked pixel). */
export function maskedMse(completed: Float32Array, original: Float32Array, mask: Float32Array, channels: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < original.length; i++) {
    if (mask[Math.floor(i / channels)]! === 0) continue;
    const d = completed[i]! - original[i]!;
    sum += d * d;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/** Per-pixel mean of `images` [N, H, W, C] (the mean-fill baseline's image). */
export function meanImage(images: Float32Array, count: number): Float32Array {
  const size = images.length / Math.max(1, count);
  const sums = new Float64Array(size);
  for (let n = 0; n < count; n++) for (let i = 0; i < size; i++) sums[i]! += images[n * size + i]!;
  return Float32Array.from(sums, (s) => s / Math.max(1, count));
}

/** `images` with every masked pixel set to `value` (or to `image`'s pixel there). */
export function fillMasked(images: Float32Array, mask: Float32Array, channels: number, value: number | Float32Array): Float32Array {
  const out = Float32Array.from(images);
  const size = typeof value === 'number' ? 0 : value.length;
  for (let i = 0; i < out.length; i++) {
    if (mask[Math.floor(i / channels)]! !== 0) out[i] = typeof value === 'number' ? value : value[i % size]!;
  }
  return out;
}

/**
 * The grid's cells, `columns` examples at a time: a row of the inputs with
 * their holes, the row of completions, the row of originals.
 */
export function completionRows(rows: readonly Float32Array[], count: number, cell: number, columns: number): Float32Array {
  const images = new Float32Array(rows.length * count * cell);
  let out = 0;
  for (let start = 0; start < count; start += columns) {
    const end = Math.min(count, start + columns);
    for (const values of rows) {
      images.set(values.subarray(start * cell, end * cell), out);
      out += (end - start) * cell;
    }
  }
  return images;
}
