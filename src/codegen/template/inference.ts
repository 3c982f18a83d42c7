// Emitted verbatim into every generated module (see ../runtimeSource.ts):
// inference mode, mirroring src/numerics/inference.ts. Sampling's random draws
// are fixed for the model's seed (docs/ir.md: sample grids), so successive
// calls show the same codes, exactly as the interpreter's grids do.

import type { Tensor } from '../../numerics/tf.js';
import type { Latent } from '../../ir/types.js';
import type { ForwardContext } from '../../numerics/context.js';
import type { BatchSource } from '../../numerics/expressions/evaluate.js';
import { mixSeed, SeedStream } from '../../ir/seeds.js';
import { drawLatent } from '../../numerics/latents.js';
import { lazyBatches, type SourceFeed } from '../../numerics/trainingState.js';

/** An inference-mode context over the given weights and state: nothing is written. */
export function inferenceContext(weight: (id: string) => Tensor, state: (id: string) => Tensor, seed: number): ForwardContext {
  return {
    training: false,
    weight,
    readState: state,
    writeState: () => undefined,
    seed: (slot, call) => mixSeed(seed, SeedStream.sampleGrid, slot, call),
  };
}

/** Batches for `count` inference examples: data from `feed`, latents fixed by the seed. */
export function inferenceBatches(feed: SourceFeed, count: number, seed: number): BatchSource {
  return lazyBatches(feed, (latent: Latent) => drawLatent(latent, count, mixSeed(seed, SeedStream.sampleGrid, latent.slot, 0)));
}
