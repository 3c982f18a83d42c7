import { tf, type Tensor } from './tf.js';
import type { AutoencoderRole, DataField, DataSource, IrModule, Network } from '../ir/types.js';
import { mixSeed, SeedStream } from '../ir/seeds.js';
import { imageShape } from '../ir/imageShape.js';
import type { ForwardContext } from './context.js';
import { evaluateNodes, type BatchSource } from './expressions/evaluate.js';
import { applyNetwork } from './network.js';
import { gatherBatch } from './dataCursor.js';
import { plannedLatent, type SamplePlan } from './sampleLatents.js';
import type { DataTable } from './dataTable.js';

/** Weights and state to run a module in inference mode (the trained ones or their EMA). */
export interface InferenceModel {
  readonly ir: IrModule;
  weight(id: string): Tensor;
  state(id: string): Tensor;
  readonly data: readonly DataTable[];
}

/** A batch of images ready for a grid: values in `range`, [count, H, W, C]. */
export interface ImageBatch {
  readonly images: Float32Array;
  readonly count: number;
  readonly shape: readonly [number, number, number];
  readonly range: readonly [number, number];
  /** Columns of the grid; absent: near-square. */
  readonly columns?: number;
}

export function modelInferenceContext(model: InferenceModel, seed = model.ir.train.seed): ForwardContext {
  return {
    training: false,
    weight: (id) => model.weight(id),
    readState: (id) => model.state(id),
    writeState: () => undefined,
    // Sampling's draws are fixed for the run (docs/ir.md: sample grids).
    seed: (slot, call) => mixSeed(seed, SeedStream.sampleGrid, slot, call),
  };
}

const PLAIN_GRID: SamplePlan = { layout: { kind: 'draw' } };

/**
 * The first `count` examples in stored order (not shuffled), and fixed sample
 * latents laid out by `plan` (from `seed`, the run's unless `aeganc sample --seed`).
 */
function fixedBatches(model: InferenceModel, count: number, plan = PLAIN_GRID, seed = model.ir.train.seed): BatchSource {
  const drawn = new Map<number, Map<string, Tensor>>();
  const latents = new Map<string, Tensor>();
  return {
    data(source, field) {
      let batch = drawn.get(source);
      if (!batch) {
        const table = model.data[source]!;
        const indices = Int32Array.from({ length: Math.min(count, table.count) }, (_, i) => i);
        batch = gatherBatch(model.ir.data[source]!, table, indices);
        drawn.set(source, batch);
      }
      return batch.get(field)!;
    },
    latent(latent) {
      let draw = latents.get(latent.name);
      if (!draw) {
        draw = plannedLatent(latent, count, plan, (k) => mixSeed(seed, SeedStream.sampleGrid, latent.slot, k));
        latents.set(latent.name, draw);
      }
      return draw;
    },
  };
}

/** The range images are shown in: the first data source's, else 0..1. */
export function displayRange(ir: IrModule, source?: DataSource): readonly [number, number] {
  return (source ?? ir.data[0])?.range ?? [0, 1];
}

/**
 * Evaluates expression `node` (a `sample` target) for `count` examples in
 * inference mode, its latents laid out by `plan` and drawn from `seed`.
 */
export async function sampleImages(
  model: InferenceModel,
  node: number,
  count: number,
  plan: SamplePlan = PLAIN_GRID,
  seed = model.ir.train.seed,
): Promise<ImageBatch | undefined> {
  const irNode = model.ir.nodes[node]!;
  if (irNode.type.kind !== 'tensor') return undefined;
  const shape = imageShape(irNode.type.shape);
  if (!shape) return undefined;
  const output = tf.tidy(() => evaluateNodes(model.ir, [node], modelInferenceContext(model, seed), fixedBatches(model, count, plan, seed)).get(node)!);
  const images = (await output.data()) as Float32Array;
  const n = output.shape[0]!;
  output.dispose();
  return { images, count: n, shape, range: displayRange(model.ir) };
}

/** The parts of an autoencoder that inference reads: its role, data source and field, encoder and decoder. */
export interface AutoencoderParts {
  readonly role: AutoencoderRole;
  readonly source: DataSource;
  readonly field: DataField & { readonly type: { readonly kind: 'tensor'; readonly shape: readonly number[] } };
  readonly encoder: Network;
  readonly decoder: Network;
}

/**
 * The networks, source and field of `ir`'s autoencoder, or undefined when it
 * has none (or its role names no example field or one-input networks, which
 * the checker's detection rules out). `reconstruct`, `encode`, `score` and
 * `eval` all find the autoencoder here.
 */
export function autoencoderParts(ir: IrModule): AutoencoderParts | undefined {
  const role = ir.autoencoder;
  if (!role) return undefined;
  const source = ir.data.find((d) => d.fields.some((f) => f.name === role.data));
  const field = source?.fields.find((f) => f.name === role.data);
  const encoder = ir.networks.find((n) => n.name === role.encoder);
  const decoder = ir.networks.find((n) => n.name === role.decoder);
  if (!source || !field || field.type.kind !== 'tensor' || !encoder || !decoder) return undefined;
  if (encoder.inputs.length !== 1 || decoder.inputs.length !== 1) return undefined;
  return { role, source, field: field as AutoencoderParts['field'], encoder, decoder };
}

/**
 * Reconstructions of an autoencoder's first `count` examples: originals and
 * reconstructions interleaved a row of `columns` at a time (a row of
 * originals, then the same examples reconstructed).
 */
export async function reconstructionImages(model: InferenceModel, count: number, columns = 8): Promise<ImageBatch | undefined> {
  const parts = autoencoderParts(model.ir);
  if (!parts) return undefined;
  const { role, source, field, encoder, decoder } = parts;
  const shape = imageShape(field.type.shape);
  if (!shape) return undefined;
  const table = model.data[source.index]!;
  const n = Math.min(count, table.count);
  const [originals, reconstructed] = tf.tidy(() => {
    const ctx = modelInferenceContext(model);
    const x = gatherBatch(source, table, Int32Array.from({ length: n }, (_, i) => i)).get(field.name)!;
    const code = applyNetwork(encoder, [x], ctx, 0)[role.codeOutput]!;
    const y = applyNetwork(decoder, [code], ctx, 1)[0]!;
    return [x, tf.reshape(y, x.shape)];
  });
  const [a, b] = [(await originals!.data()) as Float32Array, (await reconstructed!.data()) as Float32Array];
  tf.dispose([originals!, reconstructed!]);
  const size = shape[0] * shape[1] * shape[2];
  const images = new Float32Array(2 * n * size);
  let out = 0;
  for (let row = 0; row * columns < n; row++) {
    const start = row * columns;
    const end = Math.min(n, start + columns);
    for (const values of [a, b]) {
      images.set(values.subarray(start * size, end * size), out);
      out += (end - start) * size;
    }
  }
  return { images, count: 2 * n, shape, range: source.range };
}
