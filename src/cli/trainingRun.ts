// What `train`, `sample` and `reconstruct` share: the run directory's
// run.json, loading a run's spec back, and loading data with diagnostics.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IrModule } from '../ir/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { compileSpec } from '../compile.js';
import { loadData } from '../runtime/data/loadData.js';
import type { DataTable } from '../runtime/dataTable.js';
import { RunFiles } from '../runtime/runFiles.js';
import { applyTrainOverrides, type TrainOverrides } from '../runtime/trainOverrides.js';
import { Trainer } from '../runtime/trainer.js';
import { resumeFrom } from '../runtime/trainRun.js';
import { dependencies } from '../runtime/expressions/evaluate.js';

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
  readonly started: string;
  readonly resumed?: readonly string[];
}

export async function readRunInfo(runDir: string): Promise<RunInfo | Diagnostic> {
  const file = path.join(runDir, RunFiles.info);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RunInfo;
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'it is not valid JSON';
    return makeDiagnostic('FileNotFound', runDir, undefined, { path: file, problem }, {
      hint: 'pass a directory written by `aeganc train` (runs/<model>-<time>/)',
    });
  }
}

/** The module a run trained: its copied spec, compiled with its --set values and train flags. */
export async function loadRunModule(runDir: string, info: RunInfo): Promise<{ module?: IrModule; text: string; file: string; diagnostics: readonly Diagnostic[] }> {
  const file = path.join(runDir, RunFiles.spec);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { text: '', file, diagnostics: [makeDiagnostic('FileNotFound', runDir, undefined, { path: file, problem: 'no such file' })] };
  }
  const result = compileSpec(text, file, { overrides: info.overrides });
  return {
    ...(result.value ? { module: applyTrainOverrides(result.value, info.train) } : {}),
    text,
    file,
    diagnostics: result.diagnostics.filter((d) => d.severity === 'error'),
  };
}

/** Loads every data source of `ir`; the diagnostics of every source that fails. */
export async function loadAllData(ir: IrModule, baseDir: string): Promise<{ tables?: DataTable[]; diagnostics: Diagnostic[] }> {
  const tables: DataTable[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of ir.data) {
    const loaded = await loadData(source, baseDir);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value) {
      if (loaded.value.count < ir.train.batch) {
        diagnostics.push(
          makeDiagnostic('DataShape', ir.file, undefined, { path: source.spec.kind, problem: `has ${loaded.value.count} examples, fewer than the batch of ${ir.train.batch}` }, {
            field: `data ${source.fields.map((f) => f.name).join(', ')}`,
            hint: 'lower the batch (--batch N) or add data',
          }),
        );
      }
      tables.push(loaded.value);
    }
  }
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { tables, diagnostics };
}

/** A trained run opened for inference: its module, data and checkpointed trainer. */
export interface OpenedRun {
  readonly module: IrModule;
  readonly text: string;
  readonly trainer: Trainer;
  readonly tables: readonly DataTable[];
}

/**
 * Opens `runDir` for `sample`/`reconstruct`: compiles its spec, loads the data
 * sources `needsData` picks (the others stay empty), restores the checkpoint.
 */
export async function openRun(
  runDir: string,
  needsData: (module: IrModule) => ReadonlySet<number>,
): Promise<{ run?: OpenedRun; text?: string; diagnostics: readonly Diagnostic[] }> {
  const info = await readRunInfo(runDir);
  if ('code' in info) return { diagnostics: [info] };
  const loaded = await loadRunModule(runDir, info);
  if (!loaded.module) return { text: loaded.text, diagnostics: loaded.diagnostics };
  const module = loaded.module;
  const wanted = needsData(module);
  const tables: DataTable[] = [];
  for (const source of module.data) {
    if (!wanted.has(source.index)) {
      tables.push({ count: 0, fields: new Map() });
      continue;
    }
    const data = await loadData(source, info.specDir);
    if (!data.value) return { text: loaded.text, diagnostics: data.diagnostics };
    tables.push(data.value);
  }
  const trainer = new Trainer(module, tables);
  const problem = await resumeFrom(trainer, path.join(runDir, RunFiles.checkpoint));
  if (problem) {
    trainer.dispose();
    return { text: loaded.text, diagnostics: [problem] };
  }
  return { run: { module, text: loaded.text, trainer, tables }, diagnostics: [] };
}

/** The data sources expression `node` reads. */
export function sourcesOf(module: IrModule, node: number): Set<number> {
  const sources = new Set<number>();
  for (const id of dependencies(module.nodes, [node])) {
    const n = module.nodes[id]!;
    if (n.op === 'data') sources.add(n.attrs.source);
  }
  return sources;
}
