// What `train`, `sample` and `reconstruct` share: the run directory's
// run.json, loading a run's spec back, and loading data with diagnostics.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IrModule } from '../ir/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { Messages } from '../diagnostics/catalogue.js';
import { compileSpec } from '../compile.js';
import { loadData } from '../host/data/loadData.js';
import { loadSources } from '../host/data/loadSources.js';
import type { DataTable } from '../numerics/dataTable.js';
import { RunFiles } from '../host/runDirectory.js';
import { makeDirectory } from '../host/makeDirectory.js';
import { writeImageGrid } from '../host/imageGrid.js';
import type { ImageBatch } from '../numerics/inference.js';
import { applyTrainOverrides, type TrainOverrides } from '../host/trainBlockOverrides.js';
import { Trainer } from '../numerics/trainer.js';
import { resumeFrom } from '../host/runTraining.js';
import { sourcesRead } from '../ir/dependencies.js';
import { isListOf, isNumber, isObject, isPositive, isCount, isString, isTableOf } from '../numerics/jsonShape.js';
import { ExitCode } from './io.js';
import { cannotWrite, fileOutputProblem, writeFailure } from '../host/atomicWrite.js';
import { describeIoError } from '../host/ioErrors.js';

/** run.json: how the run was started, so `--resume`, `sample` and `reconstruct` can rebuild it. */
export interface RunInfo {
  readonly model: string;
  /** The spec as given on the command line, and its directory (data paths are relative to it). */
  readonly spec: string;
  readonly specDir: string;
  readonly params: Readonly<Record<string, number>>;
  readonly overrides: Readonly<Record<string, number>>;
  readonly train: TrainOverrides;
  readonly backend: string;
  /** wasm's thread pool, when `--threads` gave more than 1. */
  readonly threads?: number;
  readonly started: string;
  readonly resumed?: readonly string[];
}

const runInfoShape = isObject(
  {
    model: isString,
    spec: isString,
    specDir: isString,
    params: isTableOf(isNumber),
    overrides: isTableOf(isNumber),
    train: isObject({ steps: isPositive, epochs: isPositive, batch: isPositive, seed: isCount }, ['steps', 'epochs', 'batch', 'seed']),
    backend: isString,
    threads: isPositive,
    started: isString,
    resumed: isListOf(isString),
  },
  ['resumed', 'threads'],
);

/** A run directory that cannot be used: the diagnostic, and the exit status it calls for. */
export interface RunProblem {
  readonly problem: Diagnostic;
  /** 2 (usage) when the directory is missing or is not a run; 1 when a run's files are damaged. */
  readonly status: number;
}

const RUN_HINT = 'pass a directory written by `aeganc train` (runs/<model>-<time>/)';

/**
 * Reads `runDir`'s run.json. `field` names what the user gave: `--resume`
 * for train, `RUN` for sample and reconstruct.
 */
export async function readRunInfo(runDir: string, field: string): Promise<{ info: RunInfo } | RunProblem> {
  const notRun = (file: string, problem: string): RunProblem => ({
    problem: makeDiagnostic('FileNotFound', file, undefined, { path: file, problem }, { field, hint: RUN_HINT }),
    status: ExitCode.usage,
  });
  try {
    if (!(await stat(runDir)).isDirectory()) return notRun(runDir, 'it is a file, not a run directory');
  } catch (error) {
    return notRun(runDir, describeIoError(error));
  }
  const file = path.join(runDir, RunFiles.info);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return notRun(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file or directory, so ${runDir} is not a run` : describeIoError(error));
  }
  const damaged = (problem: string): RunProblem => ({
    problem: makeDiagnostic('DataFormat', file, undefined, { path: file, problem }, {
      field,
      hint: 'run.json is written by `aeganc train`; restore it from a backup, or train a new run',
    }),
    status: ExitCode.errors,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return damaged(`it is not valid JSON (${(error as Error).message})`);
  }
  const problem = runInfoShape(parsed, '');
  return problem ? damaged(`it is damaged: ${problem}`) : { info: parsed as RunInfo };
}

/** The module a run trained: its copied spec, compiled with its --set values and train flags. */
export async function loadRunModule(runDir: string, info: RunInfo): Promise<{ module?: IrModule; text: string; file: string; diagnostics: readonly Diagnostic[] }> {
  const file = path.join(runDir, RunFiles.spec);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      text: '',
      file,
      diagnostics: [makeDiagnostic('FileNotFound', file, undefined, { path: file, problem: describeIoError(error) }, { hint: 'the run directory has lost the copy of its spec that `aeganc train` wrote' })],
    };
  }
  const result = compileSpec(text, file, { overrides: info.overrides });
  // A spec without a `model` line is named after its file, and the copy is
  // always spec.aegan: the name it trained under is the one run.json recorded.
  const named = result.ast?.declarations.some((d) => d.kind === 'ModelDecl') ?? false;
  const module = result.value && !named ? { ...result.value, name: info.model } : result.value;
  return {
    ...(module ? { module: applyTrainOverrides(module, info.train) } : {}),
    text,
    file,
    diagnostics: result.diagnostics.filter((d) => d.severity === 'error'),
  };
}

/** Loads every data source of `ir`; the diagnostics of every source that fails. */
export async function loadAllData(ir: IrModule, baseDir: string): Promise<{ tables?: DataTable[]; diagnostics: Diagnostic[] }> {
  const { loaded, diagnostics } = await loadSources(ir, baseDir);
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { tables: loaded.map((l) => l.data), diagnostics };
}

/** A trained run opened for inference: its module, data and checkpointed trainer. */
export interface OpenedRun {
  readonly module: IrModule;
  readonly text: string;
  readonly trainer: Trainer;
  readonly tables: readonly DataTable[];
  /** Where the spec's relative data paths start (run.json's `specDir`). */
  readonly specDir: string;
}

/**
 * Opens `runDir` for `sample`/`reconstruct`: compiles its spec, loads the data
 * sources `needsData` picks (the others stay empty), restores the checkpoint.
 * Without a run, `status` is the exit status the command should return.
 */
export async function openRun(
  runDir: string,
  needsData: (module: IrModule) => ReadonlySet<number>,
): Promise<{ run?: OpenedRun; text?: string; diagnostics: readonly Diagnostic[]; status: number }> {
  const read = await readRunInfo(runDir, RUN_FIELD);
  if ('problem' in read) return { diagnostics: [read.problem], status: read.status };
  const { info } = read;
  const loaded = await loadRunModule(runDir, info);
  if (!loaded.module) return { text: loaded.text, diagnostics: loaded.diagnostics, status: ExitCode.errors };
  const module = loaded.module;
  const wanted = needsData(module);
  const tables: DataTable[] = [];
  for (const source of module.data) {
    if (!wanted.has(source.index)) {
      tables.push({ count: 0, fields: new Map() });
      continue;
    }
    const data = await loadData(source, info.specDir);
    if (!data.value) return { text: loaded.text, diagnostics: data.diagnostics, status: ExitCode.errors };
    tables.push(data.value);
  }
  const trainer = new Trainer(module, tables);
  const problem = await resumeFrom(trainer, path.join(runDir, RunFiles.checkpoint), RUN_FIELD);
  if (problem) {
    trainer.dispose();
    // A run without a checkpoint is not a trained run (usage); a damaged one is an error.
    return { text: loaded.text, diagnostics: [problem], status: problem.code === Messages.FileNotFound.code ? ExitCode.usage : ExitCode.errors };
  }
  return { run: { module, text: loaded.text, trainer, tables, specDir: info.specDir }, diagnostics: [], status: ExitCode.ok };
}

/** How diagnostics name the run directory argument of `sample` and `reconstruct`. */
export const RUN_FIELD = 'RUN';

/** The data sources expression `node` reads. */
export function sourcesOf(module: IrModule, node: number): Set<number> {
  return sourcesRead(module.nodes, [node]);
}

/**
 * Why an output file given by `flag` (or its default) cannot be written: its
 * name does not end in one of `extensions` (the formats the command writes,
 * the first its default), it is a directory, or a folder on its path is a
 * file. Checked before any work.
 */
export async function outputFileProblem(output: string, flag: string, shown = output, extensions: readonly string[] = ['.png']): Promise<Diagnostic | undefined> {
  const files = extensions.join(' or ');
  const hint = `give ${flag} the path of a ${files} file (its folder is created if missing)`;
  const problem = await fileOutputProblem(output);
  if (problem) return cannotWrite(shown, problem, { field: flag, hint });
  const named = extensions.includes(path.extname(output).toLowerCase());
  return named ? undefined : cannotWrite(shown, `the command writes ${files} files, and the name does not say so`, { field: flag, hint });
}

/**
 * outputFileProblem for a command whose default output lies inside RUN: with
 * no --output (`given`) and a RUN that is no directory, none, since opening
 * the run names that (it is not an unwritable output).
 */
export async function outputInRunProblem(cwd: string, runDir: string, given: string | undefined, output: string, flag: string, shown: string, extensions: readonly string[]): Promise<Diagnostic | undefined> {
  const runIsDirectory = await stat(path.resolve(cwd, runDir)).then((s) => s.isDirectory(), () => false);
  return given === undefined && !runIsDirectory ? undefined : outputFileProblem(output, flag, shown, extensions);
}

/** Writes an image grid to `output` (creating its folder); a failed write is a diagnostic. */
export async function writeGridFile(output: string, images: ImageBatch, flag: string): Promise<Diagnostic | undefined> {
  try {
    await makeDirectory(path.dirname(output));
    await writeImageGrid(output, images.images, images.count, images.shape, images.range, images.columns);
    return undefined;
  } catch (error) {
    return writeFailure(error, output, flag);
  }
}
