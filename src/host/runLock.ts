import { readFileSync, unlinkSync } from 'node:fs';
import { link, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { isObject, isCount, isString } from '../numerics/jsonShape.js';

// One writer per run directory. `aeganc train` (a new run into --out, or
// --resume) holds `train.lock` for as long as it writes there; a second
// train into the same directory is refused with E0509, naming the holder.
//
// The lock file is written whole under a temporary name and then hard-linked
// to `train.lock`: link() fails when the name exists, so exactly one process
// gets it, and nobody ever reads half a lock. A lock whose process is gone
// (same host, pid no longer running: a SIGKILL, a crash, a power cut) is
// stale and is taken over. On another host the pid cannot be checked, so
// such a lock is only reported; its hint says how to remove it by hand.
//
// `sample` and `reconstruct` take no lock: they only read, and every file
// they read (run.json, spec.aegan, checkpoint.ckpt) is replaced by an atomic
// rename, so they see the old file or the new one, whole (and a checkpoint's
// digest would catch anything else).

export const LOCK_FILE = 'train.lock';

/** What a lock file records about the process that holds it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took the lock (ISO 8601). */
  readonly started: string;
  /** Tells this lock from a later one of the same pid (release removes only its own). */
  readonly token: string;
}

const holderShape = isObject({ pid: isCount, host: isString, started: isString, token: isString });

/** A lock this process holds; `release` is idempotent and runs at process exit too. */
export interface RunLock {
  readonly file: string;
  release(): void;
}

/** Whether process `pid` exists on this host (EPERM: it does, as another user's). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return holderShape(parsed, '') === undefined ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && holder.pid !== process.pid && !processIsAlive(holder.pid);
}

export function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `process ${holder.pid} on ${holder.host}, since ${holder.started}` : 'another process (its lock file cannot be read)';
}

/**
 * Takes `dir`'s lock, or returns E0509 naming the process that holds it.
 * A stale lock (its process is gone) is replaced.
 */
export async function acquireRunLock(dir: string): Promise<RunLock | Diagnostic> {
  const file = path.join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temporary, file);
        return heldLock(file, holder.token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(file);
      if (!current || !isStale(current)) return lockedDiagnostic(dir, file, current);
      // Read again just before removing: another process may have replaced the stale lock meanwhile.
      const again = await readHolder(file);
      if (again?.token !== current.token) continue;
      await unlink(file).catch(() => undefined);
    }
    return lockedDiagnostic(dir, file, await readHolder(file));
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * E0509 when a live process holds `dir`'s lock now; undefined when nobody
 * does (or the lock is stale). For early, friendlier refusals: only
 * acquireRunLock decides who writes.
 */
export async function lockedBy(dir: string): Promise<Diagnostic | undefined> {
  const file = path.join(dir, LOCK_FILE);
  const exists = await stat(file).then(() => true, () => false);
  if (!exists) return undefined;
  const holder = await readHolder(file);
  return holder && isStale(holder) ? undefined : lockedDiagnostic(dir, file, holder);
}

function heldLock(file: string, token: string): RunLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      // Only our own lock: if it was (wrongly) taken over, the other holder keeps theirs.
      if ((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).token === token) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  // process.exit() and an uncaught error still remove it; a SIGKILL leaves a stale lock, taken over later.
  process.on('exit', release);
  return { file, release };
}

function lockedDiagnostic(dir: string, file: string, holder: LockHolder | undefined): Diagnostic {
  const sameHost = holder?.host === hostname();
  return makeDiagnostic('RunLocked', file, undefined, { path: dir, holder: describeHolder(holder) }, {
    hint: sameHost
      ? `wait for that run to finish (or stop it); sample and reconstruct can read the run meanwhile`
      : `wait for that run to finish; if it is certainly not running any more, remove ${file}`,
  });
}

/** `name.tmp-PID-xxxxxxxx`: a temporary of writeFileAtomic (atomicWrite.ts) or of a lock. */
const TEMPORARY = /\.tmp-(\d+)-[0-9a-f]{8}$/;

/**
 * Removes the temporaries left in `dir` and its grid folders by writers that
 * were killed mid-write (their pid no longer runs). A live writer's are left
 * alone. Returns the removed files.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const visit = async (folder: string, depth: number) => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory() && depth < 2) await visit(file, depth + 1);
      const match = TEMPORARY.exec(entry.name);
      if (!entry.isFile() || !match) continue;
      const pid = Number(match[1]);
      if (pid === process.pid || processIsAlive(pid)) continue;
      if (await unlink(file).then(() => true, () => false)) removed.push(file);
    }
  };
  if ((await stat(dir).catch(() => undefined))?.isDirectory()) await visit(dir, 0);
  return removed;
}
