import cliProgress from 'cli-progress';

/** What the training loop reports after each iteration. */
export interface ProgressUpdate {
  readonly iteration: number;
  readonly losses: ReadonlyMap<string, number>;
  readonly samplesPerSecond: number;
  /** Seconds left at the current rate; NaN before it is known. */
  readonly etaSeconds: number;
}

export interface Progress {
  start(total: number, done: number): void;
  update(update: ProgressUpdate): void;
  /** A line for the user (a grid or checkpoint written); kept out of the bar's way. */
  note(line: string): void;
  stop(): void;
}

export function formatLosses(losses: ReadonlyMap<string, number>): string {
  return [...losses].map(([name, value]) => `${name} ${formatNumber(value)}`).join('  ');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(3) : value.toFixed(4);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Plain lines, for logs and pipes (and `--quiet`): one every `every`
 * iterations and one at the end:
 *   step 500/10000  d_loss 0.6931  g_loss 0.7012  1234 samples/s  ETA 1m23s
 */
export function plainProgress(write: (text: string) => void, lines = 20): Progress {
  let total = 0;
  let every = 1;
  let last: ProgressUpdate | undefined;
  let printed = -1;
  const print = (u: ProgressUpdate) => {
    printed = u.iteration;
    write(`step ${u.iteration}/${total}  ${formatLosses(u.losses)}  ${Math.round(u.samplesPerSecond)} samples/s  ETA ${formatDuration(u.etaSeconds)}\n`);
  };
  return {
    start(t) {
      total = t;
      every = Math.max(1, Math.round(t / lines));
    },
    update(u) {
      last = u;
      if (u.iteration % every === 0) print(u);
    },
    note: (line) => write(`${line}\n`),
    stop() {
      if (last && printed !== last.iteration) print(last);
    },
  };
}

/** A cli-progress bar on a terminal; notes wait until the bar is gone. */
export function barProgress(stream: NodeJS.WritableStream, writeLine: (text: string) => void): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'step {value}/{total} {bar} {percentage}% | {losses} | {rate} samples/s | ETA {eta_text}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const notes: string[] = [];
  return {
    start(total, done) {
      bar.start(total, done, { losses: '', rate: '-', eta_text: '?' });
    },
    update(u) {
      bar.update(u.iteration, { losses: formatLosses(u.losses), rate: Math.round(u.samplesPerSecond), eta_text: formatDuration(u.etaSeconds) });
    },
    note: (line) => notes.push(line),
    stop() {
      bar.stop();
      for (const line of notes.splice(0)) writeLine(`${line}\n`);
    },
  };
}
