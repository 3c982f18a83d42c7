import { tf, type Tensor } from './tf.js';
import type { TensorStore } from './tensorStore.js';

/**
 * The exponential moving average of a weight, updated after every iteration;
 * it starts as a copy of the initial weight.
 * Ops: add(mul(average, decay), mul(weight, 1 - decay)).
 */
export function emaUpdate(average: Tensor, weight: Tensor, decay: number): Tensor {
  return tf.add(tf.mul(average, decay), tf.mul(weight, 1 - decay));
}

/** The weights one `ema` item averages (its network's, in the network's order) and its decay. */
export interface EmaGroup {
  readonly ids: readonly string[];
  readonly decay: number;
}

/**
 * The averages a spec's `ema` items keep, as the training state runs them: a
 * compiled module with `ema` items carries one (CompiledModule.ema), so a
 * generated module without any copies none of this.
 */
export interface WeightAverages {
  /** Copies of the initial weights, made after the optimizer slots. */
  start(weights: TensorStore, averages: TensorStore): void;
  /** One emaUpdate of every averaged weight, after an iteration's steps. */
  update(weights: TensorStore, averages: TensorStore): void;
}

/** The averages of `groups`, in their order. */
export function weightAverages(groups: readonly EmaGroup[]): WeightAverages {
  return {
    start(weights, averages) {
      for (const { ids } of groups) for (const id of ids) averages.set(id, tf.clone(weights.get(id)));
    },
    update(weights, averages) {
      for (const { ids, decay } of groups) {
        for (const id of ids) averages.set(id, tf.tidy(() => emaUpdate(averages.get(id), weights.get(id), decay)));
      }
    },
  };
}
