import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite.js';
import { makeDirectory } from './makeDirectory.js';

// The files of a run directory:
//   spec.aegan          the spec as trained
//   run.json            model, resolved params, options, backend, seed
//   metrics.jsonl       one line per iteration: {"step", "epoch", "losses": {..}, "grad_norms"?: {step: ‖g‖₂} (iteration 1 and every 10th), "samples_per_second", "lr"?: {step: rate}}
//   samples/step-NNNNNN.png, reconstructions/step-NNNNNN.png
//   checkpoint.ckpt     the latest checkpoint (see checkpoint.ts), replaced atomically
//   train.lock          while `train` writes the run: who (runLock.ts)
//
// Files written whole go through ./atomicWrite.ts.

export const RunFiles = {
  spec: 'spec.aegan',
  info: 'run.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.ckpt',
  samples: 'samples',
  reconstructions: 'reconstructions',
} as const;

/**
 * Creates a new directory `base`, or `base-2`, `base-3`, … when that name is
 * taken (two runs started in the same second get different directories).
 * The parent is created as needed; the leaf is created exclusively.
 */
export async function createUniqueDirectory(base: string): Promise<string> {
  await makeDirectory(path.dirname(base));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function gridName(iteration: number): string {
  return `step-${String(iteration).padStart(6, '0')}.png`;
}

/** Metric lines, buffered and flushed at checkpoints, at the end, and every `flushEvery` lines. */
export class MetricsLog {
  private buffer: string[] = [];
  constructor(
    private readonly file: string,
    private readonly flushEvery = 200,
  ) {}

  async add(record: Record<string, unknown>): Promise<void> {
    this.buffer.push(JSON.stringify(record));
    if (this.buffer.length >= this.flushEvery) await this.flush();
  }

  /** Appends the buffered lines; they leave the buffer only once the append succeeded. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const lines = this.buffer.length;
    await appendFile(this.file, `${this.buffer.join('\n')}\n`);
    this.buffer.splice(0, lines);
  }

  /** A new run: the file starts empty (a directory reused without a checkpoint keeps no old lines). */
  async reset(): Promise<void> {
    this.buffer = [];
    await writeFileAtomic(this.file, '');
  }

  /** On resume: drop the lines after the checkpoint's iteration (they will be run again). */
  async truncateAfter(iteration: number): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      // No metrics yet; any other failure is reported, never answered by overwriting the file.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const kept = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => {
        try {
          return (JSON.parse(line) as { step?: number }).step! <= iteration;
        } catch {
          return false;
        }
      });
    await writeFileAtomic(this.file, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  }
}
