// A failed file-system call, told apart from a bug and said in words: for the
// diagnostics of every command that reads or writes files (data loaders, run
// directories, build, fmt).

import type { Stats } from 'node:fs';

/** Whether `error` is a failed file-system call (it has an errno code and a syscall). */
export function isIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * What a failed file-system call means, in words: the one errno → text
 * mapping of every command (reading specs, data, runs; writing outputs).
 */
export function describeIoError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'it is a directory, not a file';
    if (code === 'ENOTDIR') return 'not a directory (it, or a folder on its path, is a file)';
    if (code === 'EEXIST') return 'it already exists';
    if (code === 'ENOSPC') return 'no space left on the device';
    if (code === 'EROFS') return 'the file system is read-only';
    if (code === 'EMFILE' || code === 'ENFILE') return 'too many open files';
  }
  return error instanceof Error ? error.message : String(error);
}

/** What a path that is not a regular file is, in words ("a named pipe (FIFO)"). */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'not a plain file';
}
