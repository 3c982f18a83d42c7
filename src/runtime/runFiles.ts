import { mkdir, readFile, rename, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';

// The files of a run directory:
//   spec.aegan          the spec as trained
//   run.json            model, resolved params, options, backend, seed
//   metrics.jsonl       one line per iteration: {"step", "epoch", "losses": {..}, "samples_per_second"}
//   samples/step-NNNNNN.png, reconstructions/step-NNNNNN.png
//   checkpoint.ckpt     the latest checkpoint (see checkpoint.ts), replaced atomically

export const RunFiles = {
  spec: 'spec.aegan',
  info: 'run.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.ckpt',
  samples: 'samples',
  reconstructions: 'reconstructions',
} as const;

/** Writes to a temporary name in the same directory, then renames: readers never see half a file. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, data);
  await rename(temporary, file);
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

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    await appendFile(this.file, text);
  }

  /** On resume: drop the lines after the checkpoint's iteration (they will be run again). */
  async truncateAfter(iteration: number): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
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
