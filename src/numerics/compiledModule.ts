// What the training loop (trainingState.ts) runs: a spec, compiled. The
// interpreter builds one whose steps walk the IR (interpretedModule.ts); a
// generated module builds the same record from straight-line code
// (src/codegen/generateModule.ts). Types only.

import type { Tensor } from './tf.js';
import type { Init, Latent, Shape } from '../ir/types.js';
import type { SourceFields } from './dataTable.js';
import type { ForwardContext } from './context.js';
import type { BatchSource } from './expressions/evaluate.js';
import type { WeightAverages } from './ema.js';

/** One optimizer's update rule (optimizers.ts; trainingControls.ts wraps it with a schedule and clipping): its learning rate, its per-weight slots and one weight's update. */
export interface UpdateRule {
  /** The optimizer's `lr`. */
  readonly lr: number;
  /** The rate at an iteration, for a step with a schedule (trainingControls.ts). */
  readonly rateAt?: (iteration: number) => number;
  /** The step's gradients clipped, for a step with `clip_norm` (trainingControls.ts). */
  readonly clip?: (gradients: readonly (Tensor | undefined)[]) => (Tensor | undefined)[];
  /** Per-weight slot tensors, in the order `apply` takes and returns them. */
  readonly slots: readonly string[];
  /**
   * One update of one weight at learning rate `lr` (the schedule's rate at
   * this iteration). `t` is this optimizer's update count including this one
   * (1 on the first update). Returns the new weight and new slots.
   */
  apply(weight: Tensor, gradient: Tensor, slots: readonly Tensor[], t: number, lr: number): { weight: Tensor; slots: Tensor[] };
}

/** A trainable weight: `IrModule.weights[i]`, less what generated code does not need. */
export interface WeightSpec {
  readonly id: string;
  readonly shape: Shape;
  readonly init: Init;
  readonly fanIn: number;
  readonly fanOut: number;
}

/** A state tensor (moving statistics, spectral `u`): `IrModule.state[j]`. */
export interface StateSpec {
  readonly id: string;
  readonly shape: Shape;
  readonly init: Init;
}

/** The values one step execution computes: its objective, then its reported losses. */
export interface StepValues {
  readonly objective: Tensor;
  readonly reports: readonly Tensor[];
}

/**
 * One `step` of the train block, compiled: `evaluate` computes its objective
 * and reported losses (generated code, or the interpreter walking the IR).
 */
export interface CompiledStep {
  readonly name: string;
  /** Its optimizer's rule (optimizers.ts), with the step's hyperparameters. */
  readonly update: UpdateRule;
  /** Weight ids this step updates, in creation order. */
  readonly weights: readonly string[];
  readonly repeat: number;
  /** The names of the losses `reports` holds, in order. */
  readonly reports: readonly string[];
  readonly evaluate: (ctx: ForwardContext, batches: BatchSource) => StepValues;
}

/** Everything about a spec the training loop reads. */
export interface CompiledModule {
  readonly weights: readonly WeightSpec[];
  readonly state: readonly StateSpec[];
  readonly steps: readonly CompiledStep[];
  readonly data: readonly SourceFields[];
  /** The `ema` averages (ema.ts's `weightAverages`), given by a module whose spec keeps some (the interpreter's always does). */
  readonly ema?: WeightAverages;
  /**
   * latents.ts's `drawLatent`, given by a module that draws latents (the
   * interpreter's always does): passed in rather than imported, so a
   * generated module without latents does not copy it.
   */
  readonly drawLatent?: (latent: Latent, count: number, seed: number) => Tensor;
}
