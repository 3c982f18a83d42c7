import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { ROOT } from '../goldenFiles.js';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process, as a user would from the repository root. */
export async function runCli(args: readonly string[], cwd = ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, isTTY: false };
  const status = await main(args, io);
  return { status, stdout, stderr };
}
