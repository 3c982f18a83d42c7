// Everything a report or the runs table reads from a run directory, read so
// that nothing in it can make them fail: a missing or damaged file becomes a
// line in `problems`, and the rest is still shown.

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RunFiles } from '../runDirectory.js';
import { LOCK_FILE } from '../runLock.js';
import { describeIoError } from '../ioErrors.js';

/** The file eval writes (`aeganc eval`): any JSON object, shown as it is. */
export const EVAL_FILE = 'eval.json';
/** The report `train` keeps up to date and `aeganc report` rewrites. */
export const REPORT_FILE = 'report.html';

/** One line of metrics.jsonl that parsed as a JSON object. */
export type MetricsRecord = Readonly<Record<string, unknown>>;

/** One folder of PNG grids (samples/, samples/2/, reconstructions/), by iteration. */
export interface GridFolder {
  /** Relative to the run directory. */
  readonly dir: string;
  readonly kind: 'samples' | 'reconstructions';
  readonly grids: readonly { readonly file: string; readonly iteration: number }[];
}

export interface RunContents {
  readonly dir: string;
  /** run.json as a plain object, when it parsed. */
  readonly info?: Readonly<Record<string, unknown>>;
  readonly spec?: string;
  readonly records: readonly MetricsRecord[];
  readonly evalResult?: Readonly<Record<string, unknown>>;
  readonly gridFolders: readonly GridFolder[];
  readonly hasCheckpoint: boolean;
  /** A train.lock is present: a run is (or was, if it crashed) writing here. */
  readonly locked: boolean;
  /** What could not be read, in words, for the reader of the report. */
  readonly problems: readonly string[];
}

/** Files larger than this are not read whole (a report never needs them so). */
const MAX_TEXT_BYTES = 256 * 1024 * 1024;

type Read = { text: string } | { missing: true } | { problem: string };

async function readText(file: string): Promise<Read> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { problem: 'it is not a regular file' };
    if (info.size > MAX_TEXT_BYTES) return { problem: `it is ${info.size} bytes, too large to read` };
    return { text: await readFile(file, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { problem: describeIoError(error) };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJsonObject(dir: string, name: string, problems: string[], required: boolean): Promise<Record<string, unknown> | undefined> {
  const read = await readText(path.join(dir, name));
  if ('missing' in read) {
    if (required) problems.push(`${name} is missing`);
    return undefined;
  }
  if ('problem' in read) {
    problems.push(`${name} cannot be read: ${read.problem}`);
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(read.text);
    if (isPlainObject(value)) return value;
    problems.push(`${name} is not a JSON object`);
  } catch (error) {
    problems.push(`${name} is not valid JSON (${(error as Error).message})`);
  }
  return undefined;
}

/** metrics.jsonl's records; lines that do not parse are counted, not fatal (a killed writer can leave half a line). */
export function parseMetrics(text: string): { records: MetricsRecord[]; badLines: number } {
  const records: MetricsRecord[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isPlainObject(value)) records.push(value);
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { records, badLines };
}

const GRID_NAME = /^step-(\d+)\.png$/;

async function listGrids(dir: string, relative: string, kind: GridFolder['kind']): Promise<GridFolder[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, relative), { withFileTypes: true });
  } catch {
    return [];
  }
  const grids = entries
    .filter((e) => e.isFile() && GRID_NAME.test(e.name))
    .map((e) => ({ file: path.posix.join(relative, e.name), iteration: Number(GRID_NAME.exec(e.name)![1]) }))
    .sort((a, b) => a.iteration - b.iteration);
  // Several `sample` lines write samples/1/, samples/2/, …
  const nested = entries.filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).sort((a, b) => Number(a.name) - Number(b.name));
  const folders: GridFolder[] = grids.length > 0 ? [{ dir: relative, kind, grids }] : [];
  for (const sub of nested) folders.push(...(await listGrids(dir, path.posix.join(relative, sub.name), kind)));
  return folders;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Reads what there is of the run in `dir` (which the caller has found to be a directory). */
export async function readRunContents(dir: string): Promise<RunContents> {
  const problems: string[] = [];
  const info = await readJsonObject(dir, RunFiles.info, problems, true);
  const specRead = await readText(path.join(dir, RunFiles.spec));
  if ('missing' in specRead) problems.push(`${RunFiles.spec} is missing`);
  else if ('problem' in specRead) problems.push(`${RunFiles.spec} cannot be read: ${specRead.problem}`);
  const metricsRead = await readText(path.join(dir, RunFiles.metrics));
  let records: MetricsRecord[] = [];
  if ('text' in metricsRead) {
    const parsed = parseMetrics(metricsRead.text);
    records = parsed.records;
    if (parsed.badLines > 0) problems.push(`${RunFiles.metrics}: ${parsed.badLines} line${parsed.badLines === 1 ? '' : 's'} skipped (not a JSON object)`);
  } else if ('missing' in metricsRead) problems.push(`${RunFiles.metrics} is missing`);
  else problems.push(`${RunFiles.metrics} cannot be read: ${metricsRead.problem}`);
  const evalResult = await readJsonObject(dir, EVAL_FILE, problems, false);
  const gridFolders = [...(await listGrids(dir, RunFiles.samples, 'samples')), ...(await listGrids(dir, RunFiles.reconstructions, 'reconstructions'))];
  return {
    dir,
    ...(info ? { info } : {}),
    ...('text' in specRead ? { spec: specRead.text } : {}),
    records,
    ...(evalResult ? { evalResult } : {}),
    gridFolders,
    hasCheckpoint: await exists(path.join(dir, RunFiles.checkpoint)),
    locked: await exists(path.join(dir, LOCK_FILE)),
    problems,
  };
}
