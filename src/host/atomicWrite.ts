import { closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import { describeIoError, isIoError } from './ioErrors.js';
import { makeDirectory } from './makeDirectory.js';

// Every file aeganc writes whole (run files, grids, checkpoints, `build`'s
// module, `fmt`'s rewrite) goes through writeFileAtomic or its sync twin:
// written to a temporary name in the same directory, flushed to disk, then
// renamed over the target. A reader (or a crash) never sees half a file, and
// a failed write leaves the old file and no temporary behind. A target that
// is a symlink is written through (the file it points to is replaced, beside
// itself; the link stays), and a replaced file keeps its mode and, where the
// process may set it, its owner and group.

/** A name next to `file` that no other writer (in this or another process) uses. */
function temporaryName(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Symlinks followed at most this many times (Linux's own limit is 40). */
const MAX_LINKS = 40;

/** Where a write to `file` lands: the file its symlinks lead to (which may not exist yet), else `file` itself. */
export function writeTarget(file: string): string {
  let target = file;
  for (let n = 0; n < MAX_LINKS; n++) {
    let info;
    try {
      info = lstatSync(target);
    } catch {
      return target;
    }
    if (!info.isSymbolicLink()) return target;
    target = path.resolve(path.dirname(target), readlinkSync(target));
  }
  return target;
}

/** The mode, owner and group a replaced file keeps; undefined for a new file. */
interface Keep {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

function keptAttributes(target: string): Keep | undefined {
  try {
    const info = statSync(target);
    return info.isFile() ? { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid } : undefined;
  } catch {
    return undefined;
  }
}

/** Gives the temporary `fd` the replaced file's mode and owner (the owner only where allowed: root, or one's own group). */
function applyKept(fd: number, keep: Keep | undefined): void {
  if (!keep) return;
  fchmodSync(fd, keep.mode);
  if (keep.uid !== process.getuid?.() || keep.gid !== process.getgid?.()) {
    try {
      fchownSync(fd, keep.uid, keep.gid);
    } catch {
      // Not permitted: the file is now owned by whoever rewrote it, as with any editor.
    }
  }
}

/** Writes `data` to `file` atomically (see above), creating its directory. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await makeDirectory(path.dirname(file));
  const target = writeTarget(file);
  const keep = keptAttributes(target);
  const temporary = temporaryName(target);
  let created = false;
  try {
    const handle = await open(temporary, 'wx');
    created = true;
    try {
      applyKept(handle.fd, keep);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    if (created) await unlink(temporary).catch(() => undefined);
    throw namingTarget(error, temporary, file);
  }
}

/** writeFileAtomic for synchronous callers (`aeganc fmt`); the directory must exist. */
export function writeFileAtomicSync(file: string, data: Uint8Array | string): void {
  const target = writeTarget(file);
  const keep = keptAttributes(target);
  const temporary = temporaryName(target);
  let created = false;
  try {
    const fd = openSync(temporary, 'wx');
    created = true;
    try {
      applyKept(fd, keep);
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      if (created) unlinkSync(temporary);
    } catch {
      // Already gone.
    }
    throw namingTarget(error, temporary, file);
  }
}

/** A failed write's error names the file the user knows, not its temporary. */
function namingTarget(error: unknown, temporary: string, file: string): unknown {
  if (isIoError(error) && error.path === temporary) error.path = file;
  return error;
}

/** E0508 for a file or directory that cannot be written. */
export function cannotWrite(file: string, problem: string, options: { field?: string; hint?: string } = {}): Diagnostic {
  return makeDiagnostic('CannotWrite', file, undefined, { path: file, problem }, {
    ...(options.field ? { field: options.field } : {}),
    hint: options.hint ?? 'check the path and its permissions, and that the disk has room',
  });
}

/** A failed write (an I/O error) as E0508; anything else is rethrown. */
export function writeFailure(error: unknown, fallbackPath: string, field?: string): Diagnostic {
  if (!isIoError(error)) throw error;
  return cannotWrite(error.path ?? fallbackPath, describeIoError(error), field ? { field } : {});
}

async function statOrUndefined(file: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

/** The nearest existing ancestor of `target` that is not a directory, if any (it blocks creating `target`). */
async function blockingAncestor(target: string): Promise<string | undefined> {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const info = await statOrUndefined(dir);
    if (info) return info.isDirectory() ? undefined : dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Why a file cannot be written at `file` (it is a directory, or a parent is a file); undefined if it can be tried. */
export async function fileOutputProblem(file: string): Promise<string | undefined> {
  const info = await statOrUndefined(file);
  if (info?.isDirectory()) return 'it is a directory; give a file name';
  if (info && !info.isFile()) return 'it is not a regular file';
  const blocker = await blockingAncestor(file);
  return blocker ? `${blocker} is a file, not a directory` : undefined;
}

/** Why a directory cannot be used or created at `dir`; undefined if it can be tried. */
export async function directoryOutputProblem(dir: string): Promise<string | undefined> {
  const info = await statOrUndefined(dir);
  if (info) return info.isDirectory() ? undefined : 'it is a file, not a directory';
  const blocker = await blockingAncestor(dir);
  return blocker ? `${blocker} is a file, not a directory` : undefined;
}

