import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { collect } from '../paramOverrides.js';
import { loadSpec } from '../loadSpec.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { backendOption, isBackendRequest } from '../backendOption.js';
import { loadAllData, loadRunModule, readRunInfo, type RunInfo } from '../savedRun.js';
import { specChange } from '../specChange.js';
import { readbackEveryOn, selectBackend, type BackendRequest } from '../../host/backend.js';
import { writeImageGrid } from '../../host/imageGrid.js';
import { applyTrainOverrides, type TrainOverrides } from '../../host/trainBlockOverrides.js';
import { runTraining, unreadableCheckpoint } from '../../host/runTraining.js';
import { createUniqueDirectory, RunFiles } from '../../host/runDirectory.js';
import { writeReport } from '../../host/report/writeReport.js';
import { REPORT_FILE } from '../../host/report/runContents.js';
import { loadHeldOut } from '../../host/data/loadHeldOut.js';
import { lockedBy } from '../../host/runLock.js';
import { makeDirectory } from '../../host/makeDirectory.js';
import { MAX_WASM_THREADS } from '../../host/wasmThreads.js';
import { barProgress, formatLosses, plainProgress, type Progress } from '../../host/progress.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import { counted, MAX_SEED, MAX_STEP_EXECUTIONS, MAX_TENSOR_ELEMENTS } from '../../ir/limits.js';
import { resourceProblems } from '../../ir/resources.js';
import { RESOURCE_MESSAGES } from '../../check/rules/resourceLimits.js';
import type { IrModule } from '../../ir/types.js';
import { cannotWrite, directoryOutputProblem, writeFailure, writeFileAtomic } from '../../host/atomicWrite.js';
import { isIoError } from '../../host/ioErrors.js';

/** 130 = 128 + SIGINT, what a shell reports for a run stopped by Ctrl-C. */
export const INTERRUPTED_EXIT = 130;
/** 143 = 128 + SIGTERM, for a run stopped by `kill` or a job scheduler. */
export const TERMINATED_EXIT = 143;

interface TrainFlags {
  backend?: BackendRequest;
  threads?: string;
  steps?: string;
  epochs?: string;
  batch?: string;
  seed?: string;
  set: string[];
  out?: string;
  resume?: string;
  quiet?: boolean;
}

/** A whole-number flag within the same limits the checker applies to the train block (src/ir/limits.ts). */
function positiveInteger(flag: string, text: string | undefined, max: number, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > max) {
    throw new UsageError(`${flag} must be an integer from ${allowZero ? 0 : 1} to ${max}, not ${text}`);
  }
  return value;
}

/** `--threads` (or AEGANC_THREADS, named by `from`): `auto` or a count of 1 to MAX_WASM_THREADS. */
function threadsRequest(from: string, text: string | undefined): number | 'auto' | undefined {
  if (text === undefined || text === 'auto') return text;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_WASM_THREADS) {
    throw new UsageError(`${from} must be \`auto\` or an integer from 1 to ${MAX_WASM_THREADS}, not ${text}`);
  }
  return value;
}

function trainOverrides(flags: TrainFlags): TrainOverrides {
  if (flags.steps !== undefined && flags.epochs !== undefined) throw new UsageError('give --steps or --epochs, not both');
  const values = {
    steps: positiveInteger('--steps', flags.steps, MAX_STEP_EXECUTIONS),
    epochs: positiveInteger('--epochs', flags.epochs, MAX_STEP_EXECUTIONS),
    batch: positiveInteger('--batch', flags.batch, MAX_TENSOR_ELEMENTS),
    seed: positiveInteger('--seed', flags.seed, MAX_SEED, true),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as TrainOverrides;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '-').slice(0, 19);
}

export function registerTrain(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('train')
    .description('train a spec on TensorFlow.js, writing metrics, sample grids, checkpoints and report.html')
    .argument('<file>', '.aegan file')
    .addOption(backendOption(undefined, "the TensorFlow.js backend (default: auto; with --resume, the run's own)"))
    .option('--threads <n|auto>', `the wasm backend's thread pool, 1 to ${MAX_WASM_THREADS} or auto: the idle cores (default auto, or $AEGANC_THREADS; with --resume, the run's own)`)
    .option('--steps <n>', 'train for n iterations (replaces the train block\'s length)')
    .option('--epochs <n>', 'train for n epochs of the first data source')
    .option('--batch <n>', 'batch size')
    .option('--seed <n>', 'random seed')
    .option('--set <name=value>', 'override a param (repeatable)', collect, [])
    .option('--out <dir>', 'run directory (default runs/<model>-<time>/)')
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint (Ctrl-C or SIGTERM writes one)')
    .option('--quiet', 'no progress bar; a few plain lines')
    .action(async (file: string, flags: TrainFlags) => {
      exit(await train(io, file, flags));
    });
}

/** A resumed run's recorded length is dropped when the flags give a new one (steps or epochs). */
function resumedOverrides(recorded: TrainOverrides, flags: TrainOverrides): TrainOverrides {
  if (flags.steps === undefined && flags.epochs === undefined) return { ...recorded, ...flags };
  const { steps, epochs, ...rest } = recorded;
  return { ...rest, ...flags };
}

/**
 * The spec's own batch and length passed the checker's resource limits; a
 * flag that replaces them must pass the same ones before anything is allocated.
 */
function overrideLimitProblems(ir: IrModule, file: string, overrides: TrainOverrides) {
  const flagOf = { batch: overrides.batch !== undefined ? '--batch' : undefined, length: overrides.steps !== undefined ? '--steps' : overrides.epochs !== undefined ? '--epochs' : undefined };
  return resourceProblems(ir).map((problem) => {
    // A resumed run's recorded settings count as flags; anything else names the setting.
    const field = flagOf[problem.setting] ?? (problem.setting === 'batch' ? 'batch' : 'steps');
    return makeDiagnostic(RESOURCE_MESSAGES[problem.kind], file, undefined, problem.args, { field, hint: problem.hint });
  });
}

/** What a part of the command gives: its value, or the exit status that ends the command (its diagnostics printed). */
type Outcome<T> = { readonly value: T } | { readonly status: number };

/** What the run starts from: the flags, or a resumed run's recorded settings where no flag replaces them. */
interface RunSettings {
  readonly overrides: TrainOverrides;
  readonly set: readonly string[] | Readonly<Record<string, number>>;
  readonly backendRequest: BackendRequest;
  readonly threads: number | 'auto' | undefined;
  /** The resumed run's run.json. */
  readonly previous?: RunInfo;
}

async function train(io: CliIo, file: string, flags: TrainFlags): Promise<number> {
  if (flags.resume && flags.out) throw new UsageError('--resume continues in its own directory; drop --out');
  const settings = await runSettings(io, flags);
  if ('status' in settings) return settings.status;
  const { overrides, previous } = settings.value;

  const spec = loadSpec(io, file, settings.value.set);
  if (!spec.module) return spec.status;
  const ir = applyTrainOverrides(spec.module, overrides);
  if (previous && (await resumedWithAnotherSpec(io, file, flags.resume!, previous, ir))) return ExitCode.usage;
  if (ir.train.length.kind === 'epochs' && ir.data.length === 0) {
    throw new UsageError('`epochs` counts passes over the data, and this spec has no `data`; use --steps');
  }
  const tooLarge = Object.keys(overrides).length > 0 ? overrideLimitProblems(ir, file, overrides) : [];
  if (tooLarge.length > 0) {
    printDiagnostics(io, tooLarge, undefined, 'text');
    return ExitCode.usage;
  }
  const explicitOut = await checkedOut(io, flags);
  if ('status' in explicitOut) return explicitOut.status;

  // The flag, else a resumed run's own count, else the user's default, else the idle cores.
  const threads = settings.value.threads ?? threadsRequest('AEGANC_THREADS', process.env.AEGANC_THREADS) ?? 'auto';
  const backend = await selectBackend(settings.value.backendRequest, { threads });
  printDiagnostics(io, backend.diagnostics, spec.text, 'text');
  if (!backend.value) return ExitCode.errors;
  const pool = backend.value.threads ?? 1;

  const specDir = path.dirname(path.resolve(io.cwd, file));
  const data = await loadAllData(ir, specDir);
  printDiagnostics(io, data.diagnostics, spec.text, 'text');
  if (!data.tables) return ExitCode.errors;
  const heldOut = ir.train.evaluation ? await loadHeldOut(ir, ir.train.evaluation.heldOut, specDir) : undefined;
  if (heldOut) printDiagnostics(io, heldOut.diagnostics, spec.text, 'text');
  if (heldOut && !heldOut.tables) return ExitCode.errors;

  const opened = await openRunDirectory(io, flags, explicitOut.value, ir.name);
  if ('status' in opened) return opened.status;
  const outDir = opened.value;
  const info: RunInfo = {
    model: ir.name,
    spec: path.resolve(io.cwd, file),
    specDir,
    params: Object.fromEntries(ir.params.map((p) => [p.name, p.value])),
    overrides: spec.overrides,
    train: overrides,
    backend: backend.value.name,
    ...(pool > 1 ? { threads: pool } : {}),
    started: previous?.started ?? new Date().toISOString(),
    ...(previous ? { resumed: [...(previous.resumed ?? []), new Date().toISOString()] } : {}),
  };
  // Written once the checkpoint (when resuming) has been restored: a resume
  // that fails leaves the run directory as it was.
  const writeRunFiles = async () => {
    if (!flags.resume) await writeFileAtomic(path.join(outDir, RunFiles.spec), spec.text);
    await writeFileAtomic(path.join(outDir, RunFiles.info), `${JSON.stringify(info, null, 2)}\n`);
  };

  const length = ir.train.length.kind === 'steps' ? counted(ir.train.length.iterations, 'step') : counted(ir.train.length.epochs, 'epoch');
  const onThreads = pool > 1 ? ` (${pool} threads)` : '';
  io.stdout(`${flags.resume ? 'resuming' : 'training'} ${ir.name} on ${backend.value.name}${onThreads}: ${length}, batch ${ir.train.batch}, seed ${ir.train.seed} → ${path.relative(io.cwd, outDir) || '.'}\n`);

  const progress: Progress =
    io.isTTY && !flags.quiet ? barProgress(process.stdout, io.stdout) : plainProgress(io.stdout, flags.quiet ? 5 : 20);
  const stop = stopSignals();
  let result;
  try {
    result = await runTraining({
      ir,
      data: data.tables,
      ...(heldOut?.tables ? { heldOut: heldOut.tables } : {}),
      outDir,
      resume: Boolean(flags.resume),
      beforeStart: writeRunFiles,
      writeGrid: writeImageGrid,
      writeReport,
      progress,
      signal: stop.signal,
      warn: (warning) => printDiagnostics(io, [warning], spec.text, 'text'),
      readbackEvery: readbackEveryOn(backend.value.name),
    });
  } finally {
    stop.release();
  }
  printDiagnostics(io, result.diagnostics, spec.text, 'text');
  if (!result.value) return ExitCode.errors;
  const where = path.relative(io.cwd, outDir) || '.';
  if (result.value.interrupted) {
    const terminated = stop.stoppedBy() === 'SIGTERM';
    io.stdout(`${terminated ? 'terminated' : 'interrupted'} at step ${result.value.iterations}; checkpoint written. Continue with: aeganc train ${file} --resume ${where}\n`);
    return terminated ? TERMINATED_EXIT : INTERRUPTED_EXIT;
  }
  io.stdout(`done: ${counted(result.value.iterations, 'step')}  ${formatLosses(result.value.losses)}\nreport: ${path.join(where, REPORT_FILE)}\nrun: ${where}\n`);
  return ExitCode.ok;
}

/**
 * The flags' settings; with --resume, checked against the run first (a run
 * being written, a run without a checkpoint: found before the slow parts),
 * and the run's own settings kept unless flags replace them, its backend
 * too, so that it continues exactly.
 */
async function runSettings(io: CliIo, flags: TrainFlags): Promise<Outcome<RunSettings>> {
  const fromFlags: RunSettings = {
    overrides: trainOverrides(flags),
    set: flags.set,
    backendRequest: flags.backend ?? 'auto',
    threads: threadsRequest('--threads', flags.threads),
  };
  if (!flags.resume) return { value: fromFlags };
  const runDir = path.resolve(io.cwd, flags.resume);
  const read = await readRunInfo(runDir, '--resume');
  if ('problem' in read) {
    printDiagnostics(io, [read.problem], undefined, 'text');
    return { status: read.status };
  }
  // A run being written is named as such, before "no checkpoint (yet)" could mislead.
  const busy = await lockedBy(runDir);
  if (busy) {
    printDiagnostics(io, [busy], undefined, 'text');
    return { status: ExitCode.errors };
  }
  const checkpoint = path.join(runDir, RunFiles.checkpoint);
  const unreadable = await access(checkpoint).then(() => undefined, (error: unknown) => unreadableCheckpoint(checkpoint, error, '--resume'));
  if (unreadable) {
    printDiagnostics(io, [unreadable], undefined, 'text');
    return { status: ExitCode.usage };
  }
  const previous = read.info;
  return {
    value: {
      previous,
      overrides: resumedOverrides(previous.train, fromFlags.overrides),
      set: flags.set.length === 0 ? previous.overrides : flags.set,
      backendRequest: flags.backend === undefined && isBackendRequest(previous.backend) ? previous.backend : fromFlags.backendRequest,
      threads: fromFlags.threads ?? previous.threads,
    },
  };
}

/**
 * Whether `file` (compiled, with the flags, as `ir`) is not the spec the run
 * being resumed trained: another model, or a change to what its checkpoint
 * holds (./specChange.ts); printed as E0520.
 */
async function resumedWithAnotherSpec(io: CliIo, file: string, run: string, previous: RunInfo, ir: IrModule): Promise<boolean> {
  const refuse = (reason: string, hint: string): true => {
    printDiagnostics(io, [makeDiagnostic('RunUnusable', file, undefined, { command: 'train --resume', run, reason }, { field: '--resume', hint })], undefined, 'text');
    return true;
  };
  if (previous.model !== ir.name) {
    return refuse(`it is a run of model \`${previous.model}\`, but ${file} is model \`${ir.name}\``, `resume it with the spec that started it (${previous.spec}), or train ${file} without --resume`);
  }
  // A run whose copy of its spec is gone or no longer compiles is compared on its model name only.
  const runDir = path.resolve(io.cwd, run);
  const trained = await loadRunModule(runDir, previous);
  if (!trained.module) return false;
  const change = specChange({ module: trained.module, dataDir: previous.specDir }, { module: ir, dataDir: path.dirname(path.resolve(io.cwd, file)) });
  if (!change) return false;
  return refuse(
    `its checkpoint was trained by another spec: ${change}`,
    `resume it with the spec as it was when the run started (its copy: ${path.join(run, RunFiles.spec)}) and its --set values, or train the changed spec as a new run, without --resume`,
  );
}

/** An --out that cannot be a directory, is being written or already holds a run, reported before the slow parts. */
async function checkedOut(io: CliIo, flags: TrainFlags): Promise<Outcome<string | undefined>> {
  if (flags.out === undefined) return { value: undefined };
  const explicitOut = path.resolve(io.cwd, flags.out);
  const problem = await directoryOutputProblem(explicitOut);
  if (problem) {
    printDiagnostics(io, [cannotWrite(flags.out, problem, { field: '--out', hint: 'give --out a directory (it is created if missing)' })], undefined, 'text');
    return { status: ExitCode.usage };
  }
  const busy = await lockedBy(explicitOut);
  if (busy) {
    printDiagnostics(io, [busy], undefined, 'text');
    return { status: ExitCode.errors };
  }
  if (existsSync(path.join(explicitOut, RunFiles.checkpoint))) {
    throw new UsageError(`${explicitOut} already holds a run; continue it with --resume ${explicitOut}, or choose another --out`);
  }
  return { value: explicitOut };
}

/** The run's directory: the resumed one, --out (created), or a new runs/<model>-<time>/. */
async function openRunDirectory(io: CliIo, flags: TrainFlags, explicitOut: string | undefined, model: string): Promise<Outcome<string>> {
  try {
    if (flags.resume) return { value: path.resolve(io.cwd, flags.resume) };
    if (explicitOut) {
      await makeDirectory(explicitOut);
      return { value: explicitOut };
    }
    // A new directory of its own, even for two runs started in the same second.
    return { value: await createUniqueDirectory(path.resolve(io.cwd, 'runs', `${model}-${timestamp()}`)) };
  } catch (error) {
    if (!isIoError(error)) throw error;
    printDiagnostics(io, [writeFailure(error, explicitOut ?? 'runs', flags.out !== undefined ? '--out' : undefined)], undefined, 'text');
    return { status: ExitCode.usage };
  }
}

/**
 * Ctrl-C and SIGTERM (kill, a job scheduler) both stop the loop at the end
 * of the current iteration, which then writes a checkpoint; `stoppedBy` says
 * which came first, for the exit status.
 */
function stopSignals(): { readonly signal: AbortSignal; stoppedBy(): 'SIGINT' | 'SIGTERM' | undefined; release(): void } {
  const controller = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onInterrupt = () => {
    stoppedBy ??= 'SIGINT';
    controller.abort();
  };
  const onTerminate = () => {
    stoppedBy ??= 'SIGTERM';
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  return {
    signal: controller.signal,
    stoppedBy: () => stoppedBy,
    release: () => {
      process.removeListener('SIGINT', onInterrupt);
      process.removeListener('SIGTERM', onTerminate);
    },
  };
}
