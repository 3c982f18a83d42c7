import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Evaluation, IrModule } from '../ir/types.js';
import { heldOutLosses, type HeldOutLosses } from '../numerics/heldOutLosses.js';
import { describeSource } from '../ir/heldOut.js';
import type { Diagnostic, Result } from '../diagnostics/diagnostic.js';
import { spanAt } from '../numerics/sourceSpan.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { counted, formatCount } from '../ir/limits.js';
import { Trainer, type IterationResult, type StartedIteration } from '../numerics/trainer.js';
import { decodeCheckpointChecked, encodeCheckpoint, restore, snapshot } from './checkpoint.js';
import { reconstructionImages, sampleImages, type ImageBatch, type InferenceModel } from '../numerics/inference.js';
import { gridName, MetricsLog, RunFiles } from './runDirectory.js';
import { logsGradientNorms, TrainingHealthWatch } from '../numerics/trainingHealth.js';
import { isAllocationFailure } from '../numerics/allocationFailure.js';
import { imageShape } from '../ir/imageShape.js';
import { acquireRunLock, removeStaleTemporaries, type RunLock } from './runLock.js';
import type { Progress } from './progress.js';
import type { DataTable } from '../numerics/dataTable.js';
import { isIoError, describeIoError } from './ioErrors.js';
import { writeFailure, writeFileAtomic } from './atomicWrite.js';
import { makeDirectory } from './makeDirectory.js';
import { scheduledRates } from '../ir/learningRate.js';

/** writeImageGrid's signature (src/host/imageGrid.ts), injected so tests need no PNGs. */
export type GridWriter = (
  path: string,
  images: Float32Array,
  count: number,
  shape: readonly number[],
  range: readonly [number, number],
) => Promise<void>;

export interface TrainRunOptions {
  readonly ir: IrModule;
  /** `data[i]` is the loaded table of `ir.data[i]`. */
  readonly data: readonly DataTable[];
  /** The run directory (it exists; `beforeStart` writes spec.aegan and run.json). */
  readonly outDir: string;
  /** Continue from `outDir`'s checkpoint. */
  readonly resume: boolean;
  /**
   * Called once the trainer is ready (restored from the checkpoint when
   * resuming) and before anything is written: a run whose checkpoint does
   * not fit leaves its directory as it was.
   */
  readonly beforeStart?: () => Promise<void>;
  readonly writeGrid: GridWriter;
  readonly progress: Progress;
  /** Aborted by Ctrl-C or SIGTERM: the loop writes a checkpoint and returns. */
  readonly signal?: AbortSignal;
  /** `heldOut[i]` holds out `ir.data[i]` for the train block's `eval every N`; without it no held-out record is written. */
  readonly heldOut?: readonly DataTable[];
  /** Warnings found while training (W0606), as they arise; without it they end the returned diagnostics. */
  readonly warn?: (warning: Diagnostic) => void;
  /** Rewrites the run's report.html (src/host/report), saying where training stands; without it no report is kept. */
  readonly writeReport?: (outDir: string, state: string) => Promise<unknown>;
  /**
   * How many iterations may run before their losses are read back (1: after
   * each). A device with a queue (webgpu) then never waits for its kernels
   * between iterations; metrics.jsonl is the same either way.
   */
  readonly readbackEvery?: number;
}

export interface TrainRunSummary {
  readonly iterations: number;
  readonly interrupted: boolean;
  readonly losses: ReadonlyMap<string, number>;
}

/** Checkpoints every this many iterations when the train block does not say. */
export const DEFAULT_CHECKPOINT_EVERY = 1000;
/** Reconstruction grids every this many iterations when the train block has no `sample`. */
export const DEFAULT_RECONSTRUCTION_EVERY = 500;
/** How many samples/s smooths over (an exponential average's weight of the past). */
const RATE_SMOOTHING = 0.9;
/** The report is rewritten after new grids at most this often (it reads the whole run); always at checkpoints and at the end. */
export const REPORT_MIN_SECONDS = 10;

/** E0520 for a resumed run whose checkpoint is already at (or past) the length asked for. */
function alreadyDone(ir: IrModule, iteration: number, outDir: string): Diagnostic {
  const length = ir.train.length;
  const asked = length.kind === 'steps' ? counted(length.iterations, 'step') : counted(length.epochs, 'epoch');
  return makeDiagnostic('RunUnusable', ir.file, undefined, { command: 'train --resume', run: outDir, reason: `it has already trained ${counted(iteration, 'step')}, which reaches the ${asked} asked for` }, {
    field: '--resume',
    hint: `--steps and --epochs count from the run's start: give more than ${length.kind === 'steps' ? formatCount(iteration) : 'the epochs it has completed'} to train on`,
  });
}

/**
 * Trains `ir` to the end of its length, writing metrics, grids and
 * checkpoints under `outDir`, which it locks for the whole run (E0509 when
 * another process holds it; runLock.ts). A NaN or infinite loss stops the run with
 * E0507 and writes no checkpoint, so the last good one remains. A failed
 * write (disk full, permissions) stops it with E0508; the metrics gathered
 * so far are flushed on every way out.
 */
export async function runTraining(options: TrainRunOptions): Promise<Result<TrainRunSummary>> {
  const { ir, outDir, progress } = options;
  const checkpointFile = path.join(outDir, RunFiles.checkpoint);
  const metrics = new MetricsLog(path.join(outDir, RunFiles.metrics));
  let created: Trainer | undefined;
  let started = false;
  let lock: RunLock | undefined;
  try {
    const locked = await acquireRunLock(outDir);
    if ('code' in locked) return { diagnostics: [locked] };
    lock = locked;
    // Inside the try: the initial weights are the first allocation that can fail.
    const trainer = (created = new Trainer(ir, options.data));
    // A writer killed mid-write (SIGKILL, power cut) leaves its temporary behind.
    await removeStaleTemporaries(outDir);
    if (options.resume) {
      const problem = await resumeFrom(trainer, checkpointFile);
      if (problem) return { diagnostics: [problem] };
      // Nothing would train, and run.json would record a length the run is already past.
      if (trainer.isDone()) return { diagnostics: [alreadyDone(ir, trainer.iteration, outDir)] };
    }
    await options.beforeStart?.();
    if (options.resume) await metrics.truncateAfter(trainer.iteration);
    else await metrics.reset();
    started = true;
    return await new ActiveRun(options, trainer, metrics, checkpointFile).run();
  } catch (error) {
    // No checkpoint is written on these ways out: the last one stays as it was.
    if (isAllocationFailure(error)) return { diagnostics: [outOfMemory(ir, (created?.iteration ?? 0) + 1, error, checkpointFile)] };
    if (!isIoError(error)) throw error;
    return { diagnostics: [writeFailure(error, outDir)] };
  } finally {
    // Whatever stopped the run, the lines already computed reach the file if they can.
    if (started) await metrics.flush().catch(() => undefined);
    progress.stop();
    created?.dispose();
    lock?.release();
  }
}

/**
 * One run from its first iteration to its end: runs iterations, reads their
 * losses back (`readbackEvery` at a time, sooner when an iteration needs the
 * host), logs them, and writes what is due from the weights: grids,
 * held-out losses, checkpoints, the report.
 */
class ActiveRun {
  private readonly ir: IrModule;
  private readonly checkpointEvery: number;
  private readonly reconstructEvery: number;
  private readonly total: number;
  private readonly report: ReturnType<typeof reportKeeper>;
  private readonly health: TrainingHealthWatch;
  private readonly warnings: Diagnostic[] = [];
  private readonly warn: (warning: Diagnostic) => void;
  private secondsPerIteration = NaN;
  private last: IterationResult | undefined;
  private lastHeldOut = new Map<string, number>();
  /** Iterations run but not yet read back (with the epoch each ended in); a read brings back all of them at once. */
  private readonly pending: { started: StartedIteration; epoch: number }[] = [];
  private pendingSince = performance.now();

  constructor(
    private readonly options: TrainRunOptions,
    private readonly trainer: Trainer,
    private readonly metrics: MetricsLog,
    private readonly checkpointFile: string,
  ) {
    this.ir = options.ir;
    this.checkpointEvery = this.ir.train.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    this.reconstructEvery = this.ir.train.samples[0]?.every ?? DEFAULT_RECONSTRUCTION_EVERY;
    this.total = trainer.totalIterations();
    this.report = reportKeeper(options, options.outDir, metrics);
    this.health = new TrainingHealthWatch(this.ir);
    this.warn = options.warn ?? ((warning: Diagnostic) => void this.warnings.push(warning));
  }

  async run(): Promise<Result<TrainRunSummary>> {
    const { trainer, options } = this;
    options.progress.start(this.total, trainer.iteration);
    // A grid that cannot be drawn is said once, up front, never skipped silently.
    for (const line of gridsNotWritten(this.ir)) options.progress.note(line);
    const readbackEvery = Math.max(1, Math.floor(options.readbackEvery ?? 1));
    let interrupted = false;
    while (!trainer.isDone()) {
      if (options.signal?.aborted) {
        const failed = await this.drain();
        if (failed) return { diagnostics: [...this.warnings, failed] };
        await this.saveCheckpoint('interrupted (continue with `aeganc train --resume`)');
        interrupted = true;
        break;
      }
      if (this.pending.length === 0) this.pendingSince = performance.now();
      const iteration = trainer.iteration + 1;
      this.pending.push({ started: trainer.startIteration(logsGradientNorms(iteration)), epoch: trainer.epoch });
      if (this.pending.length >= readbackEvery || this.needsHost(iteration)) {
        const failed = await this.drain();
        if (failed) return { diagnostics: [...this.warnings, failed] };
        const wroteGrids = await this.writeGrids(iteration);
        if (this.due.checkpoint(iteration) && !trainer.isDone()) await this.saveCheckpoint();
        else if (wroteGrids) await this.report.writeIfDue();
      }
      // Lets a pending SIGINT handler run between iterations.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!interrupted) await this.saveCheckpoint('finished');
    return { value: { iterations: trainer.iteration, interrupted, losses: this.last?.losses ?? new Map() }, diagnostics: this.warnings };
  }

  /**
   * What an iteration writes from its weights, in one place: the host must catch up
   * (read back, stop deferring) before exactly these, and they all happen at the end.
   */
  private readonly due = {
    checkpoint: (i: number) => i % this.checkpointEvery === 0,
    grid: (i: number, every: number) => this.trainer.isDone() || i % every === 0,
    reconstructions: (i: number) => this.ir.autoencoder !== undefined && (this.trainer.isDone() || i % this.reconstructEvery === 0),
    evaluation: (i: number) => {
      const evaluation = this.ir.train.evaluation;
      return evaluation !== undefined && this.options.heldOut !== undefined && (this.trainer.isDone() || i % evaluation.every === 0);
    },
  };

  /** Whether iteration `i` needs the host (files from its weights, or the end) before the next one runs. */
  private needsHost(i: number): boolean {
    const { due } = this;
    return this.trainer.isDone() || due.checkpoint(i) || due.reconstructions(i) || this.ir.train.samples.some((sample) => due.grid(i, sample.every)) || due.evaluation(i);
  }

  private async saveCheckpoint(state = 'training'): Promise<void> {
    await this.metrics.flush();
    await writeFileAtomic(this.checkpointFile, encodeCheckpoint(await snapshot(this.trainer)));
    await this.report.write(state);
  }

  /** Writes the grids due at `iteration`; whether any was written. */
  private async writeGrids(iteration: number): Promise<boolean> {
    const { ir, options } = this;
    const model = inferenceModel(this.trainer, options.data);
    let wrote = false;
    for (const [i, sample] of ir.train.samples.entries()) {
      if (!this.due.grid(iteration, sample.every)) continue;
      const dir = ir.train.samples.length > 1 ? `${RunFiles.samples}/${i + 1}` : RunFiles.samples;
      wrote = (await writeBatch(options.writeGrid, path.join(options.outDir, dir, gridName(iteration)), await sampleImages(model, sample.node, sample.count))) || wrote;
    }
    if (this.due.reconstructions(iteration)) {
      wrote = (await writeBatch(options.writeGrid, path.join(options.outDir, RunFiles.reconstructions, gridName(iteration)), await reconstructionImages(model, 32))) || wrote;
    }
    return wrote;
  }

  /** The held-out losses, when due at `iteration`, into metrics.jsonl. */
  private async evaluate(iteration: number): Promise<void> {
    const evaluation = this.ir.train.evaluation;
    const heldOut = this.options.heldOut;
    // `due.evaluation` checks both too; TypeScript needs the narrowing here.
    if (!evaluation || !heldOut || !this.due.evaluation(iteration)) return;
    const result = await heldOutLosses(this.ir, inferenceModel(this.trainer, this.options.data), heldOut, this.ir.train.batch);
    this.lastHeldOut = result.losses;
    await this.metrics.add({ step: iteration, epoch: this.trainer.epoch, eval: heldOutRecord(evaluation, result) });
  }

  /** Reads back the pending iterations and logs each; the first non-finite loss ends the run (E0507). */
  private async drain(): Promise<Diagnostic | undefined> {
    if (this.pending.length === 0) return undefined;
    const { ir, metrics } = this;
    const taken = this.pending.splice(0);
    const results = await Trainer.read(taken.map((p) => p.started));
    const seconds = (performance.now() - this.pendingSince) / 1000 / results.length;
    for (const [k, result] of results.entries()) {
      this.secondsPerIteration = Number.isNaN(this.secondsPerIteration) ? seconds : RATE_SMOOTHING * this.secondsPerIteration + (1 - RATE_SMOOTHING) * seconds;
      if (result.nonFinite) {
        await metrics.flush();
        // The curves up to the failure are what the user needs to see.
        await this.report.write(`stopped: loss \`${result.nonFinite.loss}\` became ${result.nonFinite.value}`);
        return nonFiniteDiagnostic(ir, result, this.checkpointFile);
      }
      this.last = result;
      const samplesPerSecond = ir.train.batch / this.secondsPerIteration;
      await metrics.add({
        step: result.iteration,
        epoch: taken[k]!.epoch,
        losses: Object.fromEntries(result.losses),
        ...optionalNorms(result),
        samples_per_second: Math.round(samplesPerSecond * 10) / 10,
        ...optionalRates(scheduledRates(ir.train.steps, result.iteration)),
      });
      for (const warning of this.health.observe(result.iteration, result.steps)) this.warn(warning);
      // Only the last iteration read can be due for evaluation: no earlier one needed the host.
      if (k === results.length - 1) await this.evaluate(result.iteration);
      // Keras's `val_` prefix: the last held-out values beside the training ones.
      const shown = this.lastHeldOut.size > 0 ? new Map([...result.losses, ...[...this.lastHeldOut].map(([name, v]) => [`val_${name}`, v] as const)]) : result.losses;
      this.options.progress.update({ iteration: result.iteration, losses: shown, samplesPerSecond, etaSeconds: (this.total - result.iteration) * this.secondsPerIteration });
    }
    return undefined;
  }
}

/** metrics.jsonl's `grad_norms`: present at the iterations that compute them (logsGradientNorms). */
function optionalNorms(result: IterationResult): { grad_norms?: Record<string, number> } {
  const norms = [...result.steps].filter(([, h]) => h.gradientNorm !== undefined).map(([step, h]) => [step, h.gradientNorm!] as const);
  return norms.length > 0 ? { grad_norms: Object.fromEntries(norms) } : {};
}

/** metrics.jsonl's `lr`: present only when a step's rate follows a schedule. */
function optionalRates(rates: Record<string, number> | undefined): { lr?: Record<string, number> } {
  return rates ? { lr: rates } : {};
}

/** metrics.jsonl's `eval` object (docs/reference.md, metrics.jsonl records). */
export function heldOutRecord(evaluation: Evaluation, result: HeldOutLosses): Record<string, unknown> {
  return { split: 'held-out', examples: result.examples, sources: evaluation.heldOut.map(describeSource), losses: Object.fromEntries(result.losses) };
}

/** The grids train will not write because their values are not images, as lines for the user. */
export function gridsNotWritten(ir: IrModule): string[] {
  const lines: string[] = [];
  const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;
  ir.train.samples.forEach((sample, i) => {
    const type = ir.nodes[sample.node]!.type;
    if (type.kind !== 'tensor' || !imageShape(type.shape)) {
      lines.push(`no sample grids${ir.train.samples.length > 1 ? ` for sample ${i + 1}` : ''}: its values are ${type.kind === 'tensor' ? shapeText(type.shape) : 'labels'}, not images`);
    }
  });
  const role = ir.autoencoder;
  if (role) {
    const field = ir.data.flatMap((d) => d.fields).find((f) => f.name === role.data);
    if (!field || field.type.kind !== 'tensor' || !imageShape(field.type.shape)) {
      lines.push(`no reconstruction grids: \`${role.data}\` is ${field?.type.kind === 'tensor' ? shapeText(field.type.shape) : 'not a tensor'}, not an image`);
    }
  }
  return lines;
}

async function writeBatch(writeGrid: GridWriter, file: string, batch: ImageBatch | undefined): Promise<boolean> {
  if (!batch) return false;
  await makeDirectory(path.dirname(file));
  await writeGrid(file, batch.images, batch.count, batch.shape, batch.range);
  return true;
}

/**
 * Keeps report.html up to date. The report is a view of the run, never a
 * reason to stop it: a failure is said once, as a progress note, and
 * training goes on.
 */
function reportKeeper(options: TrainRunOptions, outDir: string, metrics: MetricsLog): { write: (state?: string) => Promise<void>; writeIfDue: () => Promise<void> } {
  let lastWritten = -Infinity;
  let failed = false;
  const write = async (state = 'training') => {
    if (!options.writeReport) return;
    lastWritten = performance.now();
    try {
      // The page reads metrics.jsonl from disk.
      await metrics.flush();
      await options.writeReport(outDir, state);
    } catch (error) {
      if (!failed) options.progress.note(`report.html not updated: ${error instanceof Error ? error.message : String(error)} (training goes on)`);
      failed = true;
    }
  };
  return {
    write,
    writeIfDue: async () => {
      if (performance.now() - lastWritten >= REPORT_MIN_SECONDS * 1000) await write();
    },
  };
}

/** The trained weights (or, with `ema`, the EMA averages where there are some). */
export function inferenceModel(trainer: Trainer, data: readonly DataTable[], ema = false): InferenceModel {
  return {
    ir: trainer.ir,
    data,
    weight: (id) => (ema && trainer.ema.has(id) ? trainer.ema.get(id) : trainer.weights.get(id)),
    state: (id) => trainer.state.get(id),
  };
}

/**
 * Loads `file` into `trainer`; a diagnostic when it cannot. `field` names
 * what the user gave (`--resume` for train, `RUN` for sample and reconstruct).
 */
export async function resumeFrom(trainer: Trainer, file: string, field = '--resume'): Promise<Diagnostic | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return unreadableCheckpoint(file, error, field);
  }
  const decoded = decodeCheckpointChecked(bytes);
  if ('problem' in decoded && decoded.checksum) {
    return makeDiagnostic('ChecksumMismatch', file, undefined, { path: file, problem: decoded.problem }, {
      field,
      hint: 'the file changed after aeganc wrote it (a disk or copy error); restore it from a backup, or train the run again',
    });
  }
  const problem = 'problem' in decoded ? decoded.problem : restore(trainer, decoded);
  if (problem === undefined) return undefined;
  return makeDiagnostic('DataFormat', file, undefined, { path: file, problem }, {
    field,
    hint:
      'problem' in decoded
        ? 'the file is damaged or was not written by aeganc; restore it from a backup, or train the run again'
        : 'a checkpoint continues only the spec (and --set values) that wrote it',
  });
}

/** E0503 for a checkpoint that cannot be read (a run that never wrote one, mostly). */
export function unreadableCheckpoint(file: string, error: unknown, field: string): Diagnostic {
  return makeDiagnostic('FileNotFound', file, undefined, { path: file, problem: describeIoError(error) }, {
    field,
    hint:
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `this run wrote no checkpoint (\`aeganc train\` writes one every \`checkpoint\` steps, when stopped, and at the end); ${field === '--resume' ? 'train it again without --resume' : 'pass the directory of a run that has one'}`
        : 'check the run directory and its permissions',
  });
}

function nonFiniteDiagnostic(ir: IrModule, result: IterationResult, checkpointFile: string): Diagnostic {
  const { loss, value } = result.nonFinite!;
  // A step minimising an unnamed expression reports it under the step's name.
  const binding = ir.train.steps.flatMap((step) => step.reports).find((r) => r.name === loss);
  const span = binding ? spanAt(ir.nodes[binding.node]!.source) : undefined;
  return makeDiagnostic('NonFiniteLoss', ir.file, span, { loss, value: String(value), step: result.iteration }, {
    field: `loss ${loss}`,
    hint: `${existsSync(checkpointFile) ? `the last good checkpoint is ${checkpointFile}` : 'no checkpoint was written before it'}; try a lower learning rate, or bce_logits instead of bce`,
  });
}

function outOfMemory(ir: IrModule, step: number, error: Error, checkpointFile: string): Diagnostic {
  return makeDiagnostic('OutOfMemory', ir.file, undefined, { step, problem: `a tensor could not be allocated (${error.message})` }, {
    hint: `the model or the batch needs more memory than the backend has: lower --batch or the layer sizes (\`aeganc check --summary\` estimates what a spec needs); the last checkpoint, if any, is ${checkpointFile}`,
  });
}
