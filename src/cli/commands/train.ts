import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import type { ExitSink } from './index.js';
import { collect, loadSpec, printDiagnostics } from '../loadSpec.js';
import { loadAllData, readRunInfo, type RunInfo } from '../trainingRun.js';
import { selectBackend, type BackendRequest } from '../../runtime/backend.js';
import { writeImageGrid } from '../../runtime/imageGrid.js';
import { applyTrainOverrides, type TrainOverrides } from '../../runtime/trainOverrides.js';
import { runTraining } from '../../runtime/trainRun.js';
import { RunFiles, writeFileAtomic } from '../../runtime/runFiles.js';
import { barProgress, formatLosses, plainProgress, type Progress } from '../../runtime/progress.js';

const BACKENDS: readonly BackendRequest[] = ['auto', 'wasm', 'cpu', 'webgpu', 'tensorflow'];

/** 130 = 128 + SIGINT, what a shell reports for a run stopped by Ctrl-C. */
export const INTERRUPTED_EXIT = 130;

interface TrainFlags {
  backend: string;
  steps?: string;
  epochs?: string;
  batch?: string;
  seed?: string;
  set: string[];
  out?: string;
  resume?: string;
  quiet?: boolean;
}

function positiveInteger(flag: string, text: string | undefined, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, not ${text}`);
  }
  return value;
}

function trainOverrides(flags: TrainFlags): TrainOverrides {
  if (flags.steps !== undefined && flags.epochs !== undefined) throw new UsageError('give --steps or --epochs, not both');
  const values = {
    steps: positiveInteger('--steps', flags.steps),
    epochs: positiveInteger('--epochs', flags.epochs),
    batch: positiveInteger('--batch', flags.batch),
    seed: positiveInteger('--seed', flags.seed, true),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as TrainOverrides;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '-').slice(0, 19);
}

export function registerTrain(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('train')
    .description('train a spec on TensorFlow.js, writing metrics, sample grids and checkpoints')
    .argument('<file>', '.aegan file')
    .option('--backend <name>', `${BACKENDS.join('|')}`, 'auto')
    .option('--steps <n>', 'train for n iterations (replaces the train block\'s length)')
    .option('--epochs <n>', 'train for n epochs of the first data source')
    .option('--batch <n>', 'batch size')
    .option('--seed <n>', 'random seed')
    .option('--set <name=value>', 'override a param (repeatable)', collect, [])
    .option('--out <dir>', 'run directory (default runs/<model>-<time>/)')
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint')
    .option('--quiet', 'no progress bar; a few plain lines')
    .action(async (file: string, flags: TrainFlags) => {
      exit(await train(io, file, flags));
    });
}

async function train(io: CliIo, file: string, flags: TrainFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend as BackendRequest)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, not ${flags.backend}`);
  if (flags.resume && flags.out) throw new UsageError('--resume continues in its own directory; drop --out');
  let overrides = trainOverrides(flags);
  let setFlags = flags.set;
  let previous: RunInfo | undefined;
  if (flags.resume) {
    const info = await readRunInfo(path.resolve(io.cwd, flags.resume));
    if ('code' in info) {
      printDiagnostics(io, [info], undefined, 'text');
      return ExitCode.errors;
    }
    previous = info;
    // A resumed run keeps the settings it started with unless flags replace them.
    overrides = { ...info.train, ...overrides };
    if (setFlags.length === 0) setFlags = Object.entries(info.overrides).map(([k, v]) => `${k}=${v}`);
  }

  const spec = loadSpec(io, file, setFlags);
  if (!spec.module) return spec.status;
  const ir = applyTrainOverrides(spec.module, overrides);
  if (ir.train.length.kind === 'epochs' && ir.data.length === 0) {
    throw new UsageError('`epochs` counts passes over the data, and this spec has no `data`; use --steps');
  }

  const backend = await selectBackend(flags.backend as BackendRequest);
  printDiagnostics(io, backend.diagnostics, spec.text, 'text');
  if (!backend.value) return ExitCode.errors;

  const specDir = path.dirname(path.resolve(io.cwd, file));
  const data = await loadAllData(ir, specDir);
  printDiagnostics(io, data.diagnostics, spec.text, 'text');
  if (!data.tables) return ExitCode.errors;

  const outDir = path.resolve(io.cwd, flags.resume ?? flags.out ?? path.join('runs', `${ir.name}-${timestamp()}`));
  if (!flags.resume && existsSync(path.join(outDir, RunFiles.checkpoint))) {
    throw new UsageError(`${outDir} already holds a run; continue it with --resume ${outDir}, or choose another --out`);
  }
  await mkdir(outDir, { recursive: true });
  const info: RunInfo = {
    model: ir.name,
    spec: path.resolve(io.cwd, file),
    specDir,
    params: Object.fromEntries(ir.params.map((p) => [p.name, p.value])),
    overrides: Object.fromEntries(setFlags.map((s) => s.split('=') as [string, string]).map(([k, v]) => [k, Number(v)])),
    train: overrides,
    backend: backend.value.name,
    started: previous?.started ?? new Date().toISOString(),
    ...(previous ? { resumed: [...(previous.resumed ?? []), new Date().toISOString()] } : {}),
  };
  await writeFileAtomic(path.join(outDir, RunFiles.info), `${JSON.stringify(info, null, 2)}\n`);
  if (!flags.resume) await writeFile(path.join(outDir, RunFiles.spec), spec.text);

  const length = ir.train.length.kind === 'steps' ? `${ir.train.length.iterations} steps` : `${ir.train.length.epochs} epochs`;
  io.stdout(`${flags.resume ? 'resuming' : 'training'} ${ir.name} on ${backend.value.name}: ${length}, batch ${ir.train.batch}, seed ${ir.train.seed} → ${path.relative(io.cwd, outDir) || '.'}\n`);

  const progress: Progress =
    io.isTTY && !flags.quiet ? barProgress(process.stdout, io.stdout) : plainProgress(io.stdout, flags.quiet ? 5 : 20);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let result;
  try {
    result = await runTraining({
      ir,
      data: data.tables,
      outDir,
      resume: Boolean(flags.resume),
      writeGrid: writeImageGrid,
      progress,
      signal: controller.signal,
    });
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  printDiagnostics(io, result.diagnostics, spec.text, 'text');
  if (!result.value) return ExitCode.errors;
  const where = path.relative(io.cwd, outDir) || '.';
  if (result.value.interrupted) {
    io.stdout(`interrupted at step ${result.value.iterations}; checkpoint written. Continue with: aeganc train ${file} --resume ${where}\n`);
    return INTERRUPTED_EXIT;
  }
  io.stdout(`done: ${result.value.iterations} steps  ${formatLosses(result.value.losses)}\nrun: ${where}\n`);
  return ExitCode.ok;
}
