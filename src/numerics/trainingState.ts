// The one training loop of both back ends: weights, state, optimizer slots,
// EMA averages and counters of a compiled spec, and one iteration over its
// steps. The interpreter's Trainer (trainer.ts) runs it with steps that
// interpret the IR's expression graph (interpretedModule.ts); every module
// `aeganc build` generates contains a copy of this file
// (src/codegen/runtimeSource.ts) with steps compiled to straight-line code.
// One loop means both create the same tensors from the same seeds in the same
// order; test/codegen/equivalence.test.ts checks the results are bit-identical.
// Being copied, it may use only tfjs and the other copied runtime files.

import { tf, type Tensor } from './tf.js';
import type { Latent } from '../ir/types.js';
import type { ForwardContext } from './context.js';
import type { BatchSource } from './expressions/evaluate.js';
import type { CursorState } from './dataCursor.js';
import { DataCursor } from './dataCursor.js';
import type { DataTable } from './dataTable.js';
import { mixSeed, SeedStream } from '../ir/seeds.js';
import { initialTensor } from './init.js';
import { TensorStore } from './tensorStore.js';
import type { CompiledModule, CompiledStep } from './compiledModule.js';

/** The norm a step execution reports of its gradients (one per weight of the step; undefined where the objective does not reach it). */
export type GradientNorm = (grads: readonly (Tensor | undefined)[]) => Tensor;

/** A data source's batch for one step execution, by field name. */
export type SourceFeed = (source: number) => ReadonlyMap<string, Tensor>;

/** The counters that, with the tensors, make a run resumable exactly (checkpoints and saved models store them). */
export interface Counters {
  /** Iterations completed. */
  readonly iteration: number;
  /** Step executions so far (the `n` of docs/ir.md's seed rule). */
  readonly executions: number;
  /** Updates applied by each step's optimizer so far (Adam's `t`). */
  readonly updates: readonly number[];
  readonly cursors: readonly CursorState[];
}

/**
 * One iteration whose reported values are still on the device, as one
 * float32 vector (one kernel to gather, one read to bring back): for each
 * step execution in order, its reported losses, its objective and, when
 * computed, its gradient norm. The interpreter reads any number at once
 * (`readIterations`, iterationResults.ts); a generated module reads its own.
 */
export interface PendingIteration {
  readonly executions: readonly { readonly step: string; readonly reports: readonly string[]; readonly norm: boolean }[];
  readonly values: Tensor;
}

/** Optimizer slot `slot` of weight `weightId` as updated by step `stepIndex` (steps keep separate slots). */
export function slotKey(stepIndex: number, weightId: string, slot: string): string {
  return `${stepIndex}/${weightId}/${slot}`;
}

/**
 * Weights, state, optimizer slots, EMA averages and counters of one model.
 * The constructor creates them in docs/ir.md's order: weights (draw i
 * seeded by mixSeed(seed, SeedStream.init, i, 0)), then state (continuing the numbering),
 * then zero optimizer slots, then EMA copies.
 */
export class TrainingState {
  readonly weights = new TensorStore();
  readonly state = new TensorStore();
  readonly slots = new TensorStore();
  readonly ema = new TensorStore();
  iteration = 0;
  executions = 0;
  readonly updates: number[];
  cursors: CursorState[];

  /** Both are set again by `load`: a saved run continues with its own seed and batch size. */
  constructor(
    readonly module: CompiledModule,
    public seed: number,
    public batch: number,
  ) {
    module.weights.forEach((w, i) => {
      this.weights.set(w.id, initialTensor(w.init, w.shape, w.fanIn, w.fanOut, mixSeed(seed, SeedStream.init, i, 0)));
    });
    module.state.forEach((s, j) => {
      // fanIn/fanOut are the last dimension (only a `normal` init draws).
      const fan = s.shape[s.shape.length - 1] ?? 1;
      this.state.set(s.id, initialTensor(s.init, s.shape, fan, fan, mixSeed(seed, SeedStream.init, module.weights.length + j, 0)));
    });
    this.updates = module.steps.map(() => 0);
    this.cursors = module.data.map(() => ({ epoch: 0, position: 0 }));
    module.steps.forEach((step, s) => {
      for (const id of step.weights) {
        for (const name of step.update.slots) {
          this.slots.set(slotKey(s, id, name), tf.zerosLike(this.weights.get(id)));
        }
      }
    });
    module.ema?.start(this.weights, this.ema);
  }

  /** Data cursors over `tables`, continuing from the saved cursor states. */
  openCursors(tables: readonly DataTable[]): DataCursor[] {
    return this.module.data.map((source, i) => new DataCursor(source, tables[i]!, this.batch, this.seed, this.cursors[i]));
  }

  /**
   * One iteration: every step in order, `repeat` times each, then the EMA
   * update. Its reported values stay on the device (one vector) until read.
   * `feedFor()` is asked once per step execution for where its data comes from.
   * With `gradientNorm` (the interpreter's `globalNorm`) each execution also
   * computes the norm of its gradient; generated modules report losses only.
   */
  startIteration(feedFor: () => SourceFeed, gradientNorm?: GradientNorm): PendingIteration {
    const executions: PendingIteration['executions'][number][] = [];
    const scalars: Tensor[] = [];
    this.module.steps.forEach((step, s) => {
      for (let r = 0; r < step.repeat; r++) {
        this.executions += 1;
        this.updates[s]! += 1;
        const n = this.executions;
        const seed = (slot: number, call: number): number => mixSeed(this.seed, SeedStream.stepBase + n, slot, call);
        const { reported, health } = this.executeStep(step, s, this.updates[s]!, seed, feedFor(), gradientNorm);
        executions.push({ step: step.name, reports: step.reports, norm: gradientNorm !== undefined });
        scalars.push(...reported, ...health);
      }
    });
    this.iteration += 1;
    this.module.ema?.update(this.weights, this.ema);
    // Every value is a float32 scalar; stacking copies them exactly. Generated modules read this layout by
    // position (src/codegen/api/apiHelpers.ts, lossesOf): a change here changes it there.
    const values = tf.tidy(() => (scalars.length > 0 ? tf.stack(scalars.map((v) => (v.dtype === 'float32' ? v : tf.cast(v, 'float32')))) : tf.zeros([0])));
    // A tensor may be both a reported loss and the objective: dispose ignores the second time.
    tf.dispose(scalars);
    return { executions, values };
  }

  /**
   * One execution of `step` (docs/ir.md, Steps):
   * 1. evaluate the objective and the reported losses in training mode, drawing
   *    each data source and latent at most once (lazily, on first use);
   * 2. take the gradient of the objective with respect to `step.weights` only
   *    (a weight the objective does not reach gets no gradient and no update,
   *    its optimizer slots untouched: PyTorch's and Keras's `None` gradient);
   * 3. apply the step's optimizer to each weight in `step.weights` order, with
   *    `t` = `updateCount` (this step's updates so far, this one included), the
   *    learning rate of this iteration and the gradients clipped by `clip_norm`;
   * 4. commit the state written by training-mode layers (moving statistics, `u`).
   * Returns the reported losses' values (scalars the caller must dispose), in
   * `step.reports` order, and `health`: [objective, gradient norm (when
   * `gradientNorm`)] (scalars to dispose too).
   */
  private executeStep(
    step: CompiledStep,
    stepIndex: number,
    updateCount: number,
    seed: (slot: number, call: number) => number,
    feed: SourceFeed,
    gradientNorm: GradientNorm | undefined,
  ): { reported: Tensor[]; health: Tensor[] } {
    const pending = new Map<string, Tensor>();
    const superseded: Tensor[] = [];
    const ctx: ForwardContext = {
      training: true,
      weight: (id) => this.weights.get(id),
      readState: (id) => pending.get(id) ?? this.state.get(id),
      writeState: (id, value) => {
        const previous = pending.get(id);
        if (previous) superseded.push(previous);
        pending.set(id, tf.keep(value));
      },
      seed,
    };

    let reported: Tensor[] = [];
    const over = step.weights.map((id) => this.weights.get(id));
    const { value, grads } = tf.engine().gradients(
      () => {
        const draw = this.module.drawLatent ?? noLatents;
        const values = step.evaluate(ctx, lazyBatches(feed, (latent) => draw(latent, this.batch, seed(latent.slot, 0))));
        reported = values.reports.map((t) => tf.keep(t));
        return values.objective as tf.Scalar;
      },
      over,
      undefined,
      true,
    );

    // Computed before the update, from the same gradients; it changes no weight.
    const health = [value, ...(gradientNorm ? [tf.tidy(() => gradientNorm(grads))] : [])];

    // The schedule's rate at this iteration; clipping after the health norm, which reports the unclipped one.
    const lr = step.update.rateAt?.(this.iteration) ?? step.update.lr;
    const clipped = step.update.clip?.(grads);
    const names = step.update.slots;
    step.weights.forEach((id, i) => {
      const gradient = (clipped ?? grads)[i];
      if (!gradient) return;
      const slots = names.map((name) => this.slots.get(slotKey(stepIndex, id, name)));
      const next = tf.tidy(() => {
        const update = step.update.apply(this.weights.get(id), gradient, slots, updateCount, lr);
        return [update.weight, ...update.slots];
      });
      this.weights.set(id, next[0]!);
      names.forEach((name, k) => this.slots.set(slotKey(stepIndex, id, name), next[k + 1]!));
    });

    for (const [id, tensor] of pending) this.state.set(id, tensor);
    tf.dispose([...grads, ...(clipped ?? [])].filter((g): g is Tensor => g !== undefined));
    tf.dispose(superseded);
    return { reported, health };
  }

  get counters(): Counters {
    return { iteration: this.iteration, executions: this.executions, updates: [...this.updates], cursors: [...this.cursors] };
  }

  restoreCounters(counters: Counters): void {
    this.iteration = counters.iteration;
    this.executions = counters.executions;
    counters.updates.forEach((u, i) => (this.updates[i] = u));
    this.cursors = [...counters.cursors];
  }

  dispose(): void {
    this.weights.dispose();
    this.state.dispose();
    this.slots.dispose();
    this.ema.dispose();
  }
}

function noLatents(latent: Latent): never {
  throw new Error(`internal: latent \`${latent.name}\` is drawn, but the compiled module has no drawLatent`);
}

/** Lazily drawn batches, the same tensor for every use of a name in one execution. */
export function lazyBatches(feed: SourceFeed, draw: (latent: Latent) => Tensor): BatchSource {
  const drawn = new Map<number, ReadonlyMap<string, Tensor>>();
  const latents = new Map<string, Tensor>();
  return {
    data(source, field) {
      let batch = drawn.get(source);
      if (!batch) {
        batch = feed(source);
        drawn.set(source, batch);
      }
      const tensor = batch.get(field);
      if (!tensor) throw new Error(`no batch for data field \`${field}\``);
      return tensor;
    },
    latent(latent) {
      let value = latents.get(latent.name);
      if (!value) {
        value = draw(latent);
        latents.set(latent.name, value);
      }
      return value;
    },
  };
}
