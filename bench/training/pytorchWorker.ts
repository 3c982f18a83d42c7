// One bench/pytorch.py process per thread setting, kept open so its steps can
// be interleaved with aeganc's, run with Debian's python3 (torch 1.13) on
// OpenBLAS (`libopenblas0-pthread`) and OMP_WAIT_POLICY=PASSIVE (without it two
// OpenBLAS threads fight over two cores, as first measured).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { WorkloadName } from './workloads.js';

export const PYTHON = process.env.AEGANC_PYTHON ?? '/usr/bin/python3';
export const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

export interface TorchReady {
  readonly torch: string;
  readonly threads: number;
  readonly blas: readonly string[];
}

export class PytorchWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(
    root: string,
    readonly threads: number,
  ) {
    const env = {
      ...process.env,
      OMP_NUM_THREADS: String(threads),
      OPENBLAS_NUM_THREADS: String(threads),
      OMP_WAIT_POLICY: 'PASSIVE',
      // Debian's alternatives may point libblas.so.3 at the reference BLAS: OpenBLAS's folder goes first.
      LD_LIBRARY_PATH: [OPENBLAS_DIR, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    };
    this.child = spawn(PYTHON, [join(root, 'bench/pytorch.py')], { env });
    this.child.stderr.on('data', (d: Buffer) => void (this.stderr += d.toString()));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  private async request<T>(message: object): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error(`bench/pytorch.py exited: ${this.stderr.slice(-2000)}`);
    return JSON.parse(line.value) as T;
  }

  setup(workload: WorkloadName, batch: number): Promise<TorchReady> {
    return this.request({ workload, batch });
  }

  /** One training step, timed inside Python (pipe latency excluded). */
  async step(): Promise<number> {
    return (await this.request<{ ms: number }>({ step: true })).ms;
  }

  async quit(): Promise<number> {
    const { maxRssKiB } = await this.request<{ maxRssKiB: number }>({ quit: true });
    return maxRssKiB * 1024;
  }
}

/** Why PyTorch cannot be measured here, or undefined when it can. */
export function pytorchUnavailable(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist (set AEGANC_PYTHON)`;
  if (!existsSync(OPENBLAS_DIR)) return `${OPENBLAS_DIR} is missing: apt-get install -y libopenblas0-pthread`;
  return undefined;
}
