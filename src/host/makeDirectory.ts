import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p`, without Node's `mkdir(dir, { recursive: true })`: under a
 * folder that refuses new entries with ENOENT (`/proc`, `/sys`), Node 20's
 * recursive mkdir retries for ever. Here each missing folder is created once,
 * from the outermost down, so such a folder fails with its own error.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found) {
      if (!found.isDirectory()) throw notADirectory(current);
      break;
    }
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

function notADirectory(file: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, mkdir '${file}'`);
  error.code = 'ENOTDIR';
  error.path = file;
  error.syscall = 'mkdir';
  return error;
}
