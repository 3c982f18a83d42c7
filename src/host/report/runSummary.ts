// One line of `aeganc runs`: what a run directory holds, read with the same
// tolerance as the report (runContents.ts), so a damaged or half-written run
// is listed with its reason instead of stopping the listing.

import path from 'node:path';
import { lockedBy } from '../runLock.js';
import { lastValues } from './lossSeries.js';
import { evalHeadline } from './evalResult.js';
import { readRunContents, type RunContents } from './runContents.js';
import { RunFiles } from '../runDirectory.js';
import { checkpointTruncation } from '../checkpointLength.js';
import { describeIoError } from '../ioErrors.js';

/**
 * training: a live process holds train.lock; stopped: a lock whose process is
 * gone (killed, crashed); damaged: run.json or metrics.jsonl cannot be used;
 * partial: no checkpoint yet; ok: a checkpoint and its metrics; not-a-run:
 * a folder with none of a run's files (empty, or something else).
 */
export type RunState = 'training' | 'stopped' | 'damaged' | 'partial' | 'ok' | 'not-a-run';

export interface RunSummary {
  /** The directory, relative to the listed folder. */
  readonly run: string;
  readonly model?: string;
  readonly step?: number;
  readonly epoch?: number;
  /** Each loss's last training value. */
  readonly losses: Readonly<Record<string, number>>;
  /** Each loss's last held-out value (metrics.jsonl's eval records). */
  readonly heldOut: Readonly<Record<string, number>>;
  /** eval.json's headline numbers by name (its `metrics`), when the run has one. */
  readonly eval?: Readonly<Record<string, number>>;
  readonly state: RunState;
  /** Why the state is not ok, and whatever else could not be read. */
  readonly problems: readonly string[];
}

/** A problem that makes the run unusable (as opposed to, say, no eval.json). */
function isDamage(problem: string): boolean {
  return [RunFiles.info, RunFiles.metrics, RunFiles.spec, RunFiles.checkpoint].some((file) => problem.startsWith(file));
}

export async function summariseRun(dir: string, name: string): Promise<RunSummary> {
  let contents: RunContents;
  try {
    contents = await readRunContents(dir);
  } catch (error) {
    return { run: name, losses: {}, heldOut: {}, state: 'damaged', problems: [error instanceof Error ? error.message : String(error)] };
  }
  const last = lastValues(contents.records);
  const live = contents.locked ? (await lockedBy(dir).catch(() => undefined)) !== undefined : false;
  const problems = [...contents.problems];
  // Its length against its header, not its digest (which reads the whole file): sample and train check that.
  if (contents.hasCheckpoint) {
    const cut = await checkpointTruncation(path.join(dir, RunFiles.checkpoint)).catch((error: unknown) => describeIoError(error));
    if (cut) problems.unshift(`${RunFiles.checkpoint}: ${cut}`);
  }
  let state: RunState;
  if (live) state = 'training';
  else if (!contents.info && contents.spec === undefined && contents.records.length === 0 && !contents.hasCheckpoint) {
    state = 'not-a-run';
    problems.splice(0, problems.length, 'it holds none of run.json, spec.aegan, metrics.jsonl and checkpoint.ckpt');
  } else if (problems.some(isDamage)) state = 'damaged';
  else if (contents.locked) {
    state = 'stopped';
    problems.unshift('train.lock left by a process that no longer runs (killed or crashed); `aeganc train --resume` continues from the last checkpoint');
  } else if (!contents.hasCheckpoint) {
    state = 'partial';
    problems.unshift('no checkpoint yet (stopped before its first one)');
  } else state = 'ok';
  const model = typeof contents.info?.model === 'string' ? contents.info.model : undefined;
  return {
    run: name,
    ...(model !== undefined ? { model } : {}),
    ...(last.step !== undefined ? { step: last.step } : {}),
    ...(last.epoch !== undefined ? { epoch: last.epoch } : {}),
    losses: Object.fromEntries(last.losses),
    heldOut: Object.fromEntries(last.held),
    ...(contents.evalResult ? { eval: Object.fromEntries(evalHeadline(contents.evalResult)) } : {}),
    state,
    problems,
  };
}

/** The runs directly under `dir` (each subdirectory is one), by name; `dir` itself when it is a run. */
export async function summariseRuns(dir: string, subdirectories: readonly string[], isRun: boolean): Promise<RunSummary[]> {
  if (isRun) return [await summariseRun(dir, path.basename(dir))];
  const out: RunSummary[] = [];
  for (const name of [...subdirectories].sort()) out.push(await summariseRun(path.join(dir, name), name));
  return out;
}
