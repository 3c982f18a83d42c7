// The CLI's only contact with the outside world, so commands can be tested in
// process: tests pass a CliIo that records what would have been printed.

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** True when stdout is a terminal: progress bars and colours only then. */
  readonly isTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: quietWhenClosed(process.stdout),
    stderr: quietWhenClosed(process.stderr),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * A stream's writer that goes quiet once the stream fails, as when its reader
 * has gone (EPIPE: `aeganc train | head`). The command goes on: a run must not
 * die, or lose its checkpoint, for its log.
 */
function quietWhenClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/**
 * `exit` raises the process's exit status; the highest status wins. It lives
 * here, beside CliIo, so that commands/index.ts and the commands it registers
 * do not import each other.
 */
export type ExitSink = (code: number) => void;

/** Exit statuses: 0 clean or warnings only, 1 errors in the input, 2 usage errors. */
export const ExitCode = { ok: 0, errors: 1, usage: 2 } as const;

/** Thrown by commands for a bad flag or argument; main turns it into exit 2. */
export class UsageError extends Error {}
