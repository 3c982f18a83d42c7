import { sourcesRead } from '../ir/dependencies.js';
import type { IrModule } from '../ir/types.js';
import type { TensorStore } from './tensorStore.js';
import type { DataCursor } from './dataCursor.js';
import type { DataTable } from './dataTable.js';
import { compileModule } from './interpretedModule.js';
import { TrainingState, type Counters, type PendingIteration, type SourceFeed } from './trainingState.js';
import { globalNorm, readIterations, type StepHealth } from './iterationResults.js';

/** What one iteration reports: the last value of every reported loss. */
export interface IterationResult {
  readonly iteration: number;
  readonly losses: ReadonlyMap<string, number>;
  /** Each step's objective and gradient norm (its last execution; the norm only where asked for), by step name. */
  readonly steps: ReadonlyMap<string, StepHealth>;
  /** The first reported loss that is NaN or infinite, if any. */
  readonly nonFinite?: { readonly loss: string; readonly value: number };
}

/** An iteration run but not yet read back (Trainer.startIteration). */
export interface StartedIteration {
  readonly iteration: number;
  readonly pending: PendingIteration;
}

/** The counters that, with the tensors, make a run resumable exactly. */
export type TrainerCounters = Counters;

/**
 * The interpreter's training run of one module: the shared training loop
 * (trainingState.ts, the same code generated modules run) over the IR
 * compiled into interpreting steps, plus data cursors over the loaded
 * tables and the train block's length. `runIteration` runs the train block's
 * steps once, in order, each `repeat` times.
 */
export class Trainer {
  private readonly training: TrainingState;
  private cursors: DataCursor[];
  /** Every step execution draws from the cursors (one closure, made once). */
  private readonly feed: SourceFeed = (source) => this.cursors[source]!.nextBatch();

  /** `data[i]` is the loaded table of `ir.data[i]`. */
  constructor(
    readonly ir: IrModule,
    private readonly data: readonly DataTable[],
  ) {
    this.training = new TrainingState(compileModule(ir), ir.train.seed, ir.train.batch);
    this.cursors = this.training.openCursors(data);
  }

  get weights(): TensorStore {
    return this.training.weights;
  }

  get state(): TensorStore {
    return this.training.state;
  }

  /** Optimizer slots, keyed by `slotKey` (trainingState.ts). */
  get slots(): TensorStore {
    return this.training.slots;
  }

  get ema(): TensorStore {
    return this.training.ema;
  }

  get iteration(): number {
    return this.training.iteration;
  }

  get counters(): TrainerCounters {
    // The cursors advance here, not in the loop's copy of their states.
    return { ...this.training.counters, cursors: this.cursors.map((c) => c.state) };
  }

  /** Continues from a checkpoint's counters (tensors are restored into the stores directly). */
  restoreCounters(counters: TrainerCounters): void {
    this.training.restoreCounters(counters);
    this.cursors = this.training.openCursors(this.data);
  }

  /** Whether the train block's length (or an override) is reached. */
  isDone(): boolean {
    const length = this.ir.train.length;
    if (length.kind === 'steps') return this.training.iteration >= length.iterations;
    return (this.cursors[0]?.completedEpochs ?? Infinity) >= length.epochs;
  }

  /** The total iterations the run will take, for the progress bar. */
  totalIterations(): number {
    const length = this.ir.train.length;
    if (length.kind === 'steps') return length.iterations;
    const first = this.cursors[0];
    if (!first) return 0;
    const drawsPerIteration = this.ir.train.steps.reduce(
      (sum, step) => sum + (sourcesRead(this.ir.nodes, [step.objective]).has(0) ? step.repeat : 0),
      0,
    );
    return Math.ceil((length.epochs * first.batchesPerEpoch) / Math.max(1, drawsPerIteration));
  }

  /** The epoch the first data source's cursor is in (0-based). */
  get epoch(): number {
    return this.cursors[0]?.state.epoch ?? 0;
  }

  /** One iteration: every step in order, `repeat` times each, then the EMA update. */
  async runIteration(gradientNorms = true): Promise<IterationResult> {
    // Let the event loop run between iterations: awaiting settled promises alone
    // never does, and signals (Ctrl-C), timers and I/O would wait for the whole run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return (await Trainer.read([this.startIteration(gradientNorms)]))[0]!;
  }

  /** `runIteration` with its values left on the device: `Trainer.read` brings back any number at once. */
  startIteration(gradientNorms = true): StartedIteration {
    const pending = this.training.startIteration(() => this.feed, gradientNorms ? globalNorm : undefined);
    return { pending, iteration: this.training.iteration };
  }

  /** The results of started iterations, in order, from one read of the device. */
  static async read(started: readonly StartedIteration[]): Promise<IterationResult[]> {
    const read = await readIterations(started.map((s) => s.pending));
    return read.map(({ losses, steps, nonFinite }, i) => ({ iteration: started[i]!.iteration, losses, steps, ...(nonFinite ? { nonFinite } : {}) }));
  }

  dispose(): void {
    this.training.dispose();
  }
}
