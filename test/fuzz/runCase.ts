// Runs one fuzz input through `check`, `ir`, `fmt` and `build` and says what,
// if anything, went wrong: an exit status other than 0, 1 or 2, an internal
// error, more than a megabyte of diagnostics, or more than 5 seconds.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export type Command = 'check' | 'ir' | 'fmt' | 'build';
export const COMMANDS: readonly Command[] = ['check', 'ir', 'fmt', 'build'];

export const LIMITS = { ms: 5000, outputBytes: 1024 * 1024 } as const;

export interface Outcome {
  readonly command: Command;
  readonly status: number;
  readonly ms: number;
  /** Diagnostics and messages (stderr), plus stdout when the command failed. */
  readonly outputBytes: number;
  readonly problem?: string;
}

const ROOT = join(import.meta.dirname, '../..');

function args(command: Command, file: string): string[] {
  if (command === 'fmt') return ['fmt', '--stdout', file];
  if (command === 'build') return ['build', file, '-o', '-'];
  return [command, file];
}

/** The verdict on one run. A successful command's stdout (the IR, the module) is its product, not counted. */
function judge(command: Command, status: number, stdout: string, stderr: string, ms: number, timedOut: boolean): Outcome {
  const outputBytes = Buffer.byteLength(stderr) + (status === 0 ? 0 : Buffer.byteLength(stdout));
  const problem = timedOut
    ? `took ${Math.round(ms)} ms (limit ${LIMITS.ms})`
    : ![0, 1, 2].includes(status)
      ? `exit status ${status}`
      : /internal error/.test(stderr)
        ? `internal error: ${stderr.slice(0, 300)}`
        : outputBytes > LIMITS.outputBytes
          ? `${outputBytes} bytes of output (limit ${LIMITS.outputBytes})`
          : undefined;
  return { command, status, ms, outputBytes, ...(problem ? { problem } : {}) };
}

/** Runs the CLI in this process on `text`, written to `dir`/fuzz.aegan. */
export async function runInProcess(text: string, dir: string, commands: readonly Command[] = COMMANDS): Promise<Outcome[]> {
  const file = join(dir, 'fuzz.aegan');
  const outcomes: Outcome[] = [];
  for (const command of commands) {
    // fmt without --stdout would rewrite the file; the others only read it.
    writeFileSync(file, text);
    let stdout = '';
    let stderr = '';
    const started = performance.now();
    let status: number;
    try {
      status = await main(args(command, 'fuzz.aegan'), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir, isTTY: false });
    } catch (error) {
      status = 70;
      stderr += `internal error (main threw): ${String(error)}`;
    }
    const ms = performance.now() - started;
    outcomes.push(judge(command, status, stdout, stderr, ms, ms > LIMITS.ms));
  }
  return outcomes;
}

/** The same in a child process, as a user runs it: catches what a process-level crash would hide in process. */
export function runInChild(text: string, dir: string, commands: readonly Command[] = COMMANDS): Outcome[] {
  const file = join(dir, 'fuzz.aegan');
  return commands.map((command) => {
    writeFileSync(file, text);
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), ...args(command, 'fuzz.aegan')], {
      cwd: dir,
      encoding: 'utf8',
      // Node's own start-up (and tsx's) is not the spec's fault: allow it on top of the limit.
      timeout: LIMITS.ms + 10_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    const timedOut = result.error !== undefined && /ETIMEDOUT/.test(String(result.error));
    return judge(command, result.status ?? 128, result.stdout ?? '', result.stderr ?? '', ms, timedOut);
  });
}
