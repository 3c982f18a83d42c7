import { tf, type Tensor } from './tf.js';
import type { IrModule, Latent, Step } from '../ir/types.js';
import type { ForwardContext } from './context.js';
import type { BatchSource } from './expressions/evaluate.js';
import { evaluateNodes } from './expressions/evaluate.js';
import { drawLatent } from './latents.js';
import { applyUpdate, slotNames } from './optimizers.js';
import type { TensorStore } from './tensorStore.js';
import type { DataCursor } from './dataCursor.js';

/** Everything one step execution reads and updates. */
export interface StepEnvironment {
  readonly ir: IrModule;
  readonly weights: TensorStore;
  readonly state: TensorStore;
  /** Optimizer slots, keyed by `slotKey`. */
  readonly slots: TensorStore;
  readonly cursors: readonly DataCursor[];
  /** The seed of `slot` in `call` during this execution: mixSeed(seed, 2 + n, slot, call). */
  readonly seed: (slot: number, call: number) => number;
}

export function slotKey(stepIndex: number, weightId: string, slot: string): string {
  return `${stepIndex}/${weightId}/${slot}`;
}

/**
 * One execution of `step` (docs/ir.md, Steps):
 * 1. evaluate the objective and the reported losses in training mode, drawing
 *    each data source and latent at most once (lazily, on first use);
 * 2. take the gradient of the objective with respect to `step.weights` only
 *    (a weight the objective does not reach gets no gradient and no update,
 *    its optimizer slots untouched: PyTorch's and Keras's `None` gradient);
 * 3. apply the step's optimizer to each weight in `step.weights` order, with
 *    `t` = `updateCount` (this step's updates so far, this one included);
 * 4. commit the state written by training-mode layers (moving statistics, `u`).
 * Returns the reported losses' values (scalars the caller must dispose), in
 * `step.reports` order.
 */
export function executeStep(env: StepEnvironment, step: Step, stepIndex: number, updateCount: number): Tensor[] {
  const pending = new Map<string, Tensor>();
  const superseded: Tensor[] = [];
  const ctx: ForwardContext = {
    training: true,
    weight: (id) => env.weights.get(id),
    readState: (id) => pending.get(id) ?? env.state.get(id),
    writeState: (id, value) => {
      const previous = pending.get(id);
      if (previous) superseded.push(previous);
      pending.set(id, tf.keep(value));
    },
    seed: env.seed,
  };

  const reportNodes = step.reports.map((r) => r.node);
  let reported: Tensor[] = [];
  const over = step.weights.map((id) => env.weights.get(id));
  const { value, grads } = tf.engine().gradients(
    () => {
      const values = evaluateNodes(env.ir, [step.objective, ...reportNodes], ctx, batchSource(env));
      reported = reportNodes.map((id) => tf.keep(values.get(id)!));
      return values.get(step.objective)! as tf.Scalar;
    },
    over,
    undefined,
    true,
  );

  const names = slotNames(step.optimizer);
  step.weights.forEach((id, i) => {
    const gradient = grads[i];
    if (!gradient) return;
    const slots = names.map((name) => env.slots.get(slotKey(stepIndex, id, name)));
    const next = tf.tidy(() => {
      const update = applyUpdate(step.optimizer, env.weights.get(id), gradient, slots, updateCount);
      return [update.weight, ...update.slots];
    });
    env.weights.set(id, next[0]!);
    names.forEach((name, k) => env.slots.set(slotKey(stepIndex, id, name), next[k + 1]!));
  });

  for (const [id, tensor] of pending) env.state.set(id, tensor);
  tf.dispose([...grads.filter((g): g is Tensor => g !== undefined), ...superseded]);
  if (!reported.includes(value)) value.dispose();
  return reported;
}

/** Lazily drawn batches, the same tensor for every use of a name in this execution. */
function batchSource(env: StepEnvironment): BatchSource {
  const drawn = new Map<number, Map<string, Tensor>>();
  const latents = new Map<string, Tensor>();
  return {
    data(source, field) {
      let batch = drawn.get(source);
      if (!batch) {
        batch = env.cursors[source]!.nextBatch();
        drawn.set(source, batch);
      }
      return batch.get(field)!;
    },
    latent(latent: Latent) {
      let draw = latents.get(latent.name);
      if (!draw) {
        draw = drawLatent(latent, env.ir.train.batch, env.seed(latent.slot, 0));
        latents.set(latent.name, draw);
      }
      return draw;
    },
  };
}
