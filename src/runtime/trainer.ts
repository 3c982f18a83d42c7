import { tf, type Tensor } from './tf.js';
import type { IrModule } from '../ir/types.js';
import { mixSeed, SeedStream } from '../ir/seeds.js';
import { initState, initWeights } from './init.js';
import { TensorStore } from './tensorStore.js';
import { DataCursor, type CursorState } from './dataCursor.js';
import type { DataTable } from './dataTable.js';
import { executeStep, slotKey } from './stepExecution.js';
import { slotNames } from './optimizers.js';
import { emaUpdate } from './ema.js';

/** What one iteration reports: the last value of every reported loss. */
export interface IterationResult {
  readonly iteration: number;
  readonly losses: ReadonlyMap<string, number>;
  /** The first reported loss that is NaN or infinite, if any. */
  readonly nonFinite?: { readonly loss: string; readonly value: number };
}

/** The counters that, with the tensors, make a run resumable exactly. */
export interface TrainerCounters {
  /** Iterations completed. */
  readonly iteration: number;
  /** Step executions so far (the `n` of docs/ir.md's seed rule). */
  readonly executions: number;
  /** Updates applied by each step's optimizer so far (Adam's `t`). */
  readonly updates: readonly number[];
  readonly cursors: readonly CursorState[];
}

/**
 * The interpreter's training state for one module: weights, state tensors,
 * optimizer slots, EMA averages, data cursors and counters. `runIteration`
 * runs the train block's steps once, in order, each `repeat` times.
 */
export class Trainer {
  readonly weights: TensorStore;
  readonly state: TensorStore;
  readonly slots = new TensorStore();
  readonly ema = new TensorStore();
  private readonly cursors: DataCursor[];
  private iterationCount = 0;
  private executions = 0;
  private readonly updates: number[];

  /** `data[i]` is the loaded table of `ir.data[i]`. */
  constructor(
    readonly ir: IrModule,
    private readonly data: readonly DataTable[],
  ) {
    const seed = ir.train.seed;
    this.weights = initWeights(ir, seed);
    this.state = initState(ir, seed);
    this.updates = ir.train.steps.map(() => 0);
    this.cursors = ir.data.map((source, i) => new DataCursor(source, data[i]!, ir.train.batch, seed));
    ir.train.steps.forEach((step, s) => {
      for (const id of step.weights) {
        for (const name of slotNames(step.optimizer)) {
          this.slots.set(slotKey(s, id, name), tf.zerosLike(this.weights.get(id)));
        }
      }
    });
    for (const id of this.emaWeightIds()) this.ema.set(id, tf.clone(this.weights.get(id)));
  }

  get iteration(): number {
    return this.iterationCount;
  }

  get counters(): TrainerCounters {
    return {
      iteration: this.iterationCount,
      executions: this.executions,
      updates: [...this.updates],
      cursors: this.cursors.map((c) => c.state),
    };
  }

  /** Continues from a checkpoint's counters (tensors are restored into the stores directly). */
  restoreCounters(counters: TrainerCounters): void {
    this.iterationCount = counters.iteration;
    this.executions = counters.executions;
    counters.updates.forEach((u, i) => (this.updates[i] = u));
    counters.cursors.forEach((state, i) => {
      this.cursors[i] = new DataCursor(this.ir.data[i]!, this.data[i]!, this.ir.train.batch, this.ir.train.seed, state);
    });
  }

  /** Whether the train block's length (or an override) is reached. */
  isDone(): boolean {
    const length = this.ir.train.length;
    if (length.kind === 'steps') return this.iterationCount >= length.iterations;
    return (this.cursors[0]?.completedEpochs ?? Infinity) >= length.epochs;
  }

  /** The total iterations the run will take, for the progress bar. */
  totalIterations(): number {
    const length = this.ir.train.length;
    if (length.kind === 'steps') return length.iterations;
    const first = this.cursors[0];
    if (!first) return 0;
    const drawsPerIteration = this.ir.train.steps.reduce(
      (sum, step) => sum + (stepReadsSource(this.ir, step.objective, 0) ? step.repeat : 0),
      0,
    );
    return Math.ceil((length.epochs * first.batchesPerEpoch) / Math.max(1, drawsPerIteration));
  }

  /** The epoch the first data source's cursor is in (0-based). */
  get epoch(): number {
    return this.cursors[0]?.state.epoch ?? 0;
  }

  /** One iteration: every step in order, `repeat` times each, then the EMA update. */
  async runIteration(): Promise<IterationResult> {
    const { ir } = this;
    const executed: { names: string[]; values: Tensor[] }[] = [];
    ir.train.steps.forEach((step, s) => {
      for (let r = 0; r < step.repeat; r++) {
        this.executions += 1;
        this.updates[s]! += 1;
        const n = this.executions;
        const seed = (slot: number, call: number): number => mixSeed(ir.train.seed, SeedStream.stepBase + n, slot, call);
        const env = { ir, weights: this.weights, state: this.state, slots: this.slots, cursors: this.cursors, seed };
        const values = executeStep(env, step, s, this.updates[s]!);
        executed.push({ names: step.reports.map((b) => b.name), values });
      }
    });
    this.iterationCount += 1;
    this.updateEma();

    const losses = new Map<string, number>();
    let nonFinite: IterationResult['nonFinite'];
    for (const { names, values } of executed) {
      const numbers = await Promise.all(values.map((v) => v.data()));
      names.forEach((name, i) => {
        const value = numbers[i]![0]!;
        losses.set(name, value);
        if (!Number.isFinite(value) && !nonFinite) nonFinite = { loss: name, value };
      });
      tf.dispose(values);
    }
    return { iteration: this.iterationCount, losses, ...(nonFinite ? { nonFinite } : {}) };
  }

  /** Ids of the weights that have an EMA, with their decay. */
  private emaWeightIds(): string[] {
    return this.ir.train.ema.flatMap((e) => this.ir.networks.find((n) => n.name === e.network)?.weights ?? []);
  }

  private updateEma(): void {
    for (const { network, decay } of this.ir.train.ema) {
      const ids = this.ir.networks.find((n) => n.name === network)?.weights ?? [];
      for (const id of ids) {
        this.ema.set(id, tf.tidy(() => emaUpdate(this.ema.get(id), this.weights.get(id), decay)));
      }
    }
  }

  dispose(): void {
    this.weights.dispose();
    this.state.dispose();
    this.slots.dispose();
    this.ema.dispose();
  }
}

/** Whether evaluating `root` reads data source `source`. */
function stepReadsSource(ir: IrModule, root: number, source: number): boolean {
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = ir.nodes[id]!;
    if (node.op === 'data' && node.attrs.source === source) return true;
    stack.push(...node.inputs);
  }
  return false;
}
