// Child processes for tests, run asynchronously: a long execFileSync blocks the
// test worker's event loop, and vitest then reports an RPC timeout that fails
// the whole run even though every test passed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './goldenFiles.js';

const execFileAsync = promisify(execFile);

/** Runs `node ARGS`; resolves to its stdout, rejects (with `stdout`/`stderr` on the error) on a nonzero exit. */
export async function runNode(args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, ...options });
  return stdout;
}

/** `tsc -p CONFIG`: '' when it type-checks, else what tsc printed. */
export async function tscErrors(config: string): Promise<string> {
  try {
    await runNode([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config]);
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout || error);
  }
}
