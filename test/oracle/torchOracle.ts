// The client of torch_oracle.py: one Python process per test file, requests
// pipelined as newline-delimited JSON and answered in order (README.md).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'torch_oracle.py');

/** How tests find a Python with torch: `$AEGANC_PYTHON`, else Debian's. */
export const pythonPath = (): string => process.env['AEGANC_PYTHON'] || '/usr/bin/python3';

export type WireDtype = 'float64' | 'float32' | 'int32' | 'int64';

/** A tensor as it crosses the pipe: row-major values and a shape. */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array | Float32Array | Int32Array | BigInt64Array;
}

interface WireTensor {
  readonly dtype: WireDtype;
  readonly shape: number[];
  readonly data: string;
}

export interface OracleRequest {
  /** A name in torch_oracle.py's OPS, or 'snippet' (attrs.code). */
  readonly op: string;
  readonly inputs?: Readonly<Record<string, HostTensor>>;
  readonly attrs?: Readonly<Record<string, unknown>>;
  /** d sum(outputs[of] · inputs[cotangent] (ones by default)) / d inputs[wrt]. */
  readonly grad?: { readonly of: string; readonly wrt: readonly string[]; readonly cotangent?: string };
  /** d Σ sum(grads[n] · inputs[c]) / d inputs[wrt] over `cotangents` (default: every first-order gradient, ones). */
  readonly grad2?: { readonly wrt: readonly string[]; readonly cotangents?: Readonly<Record<string, string | null>> };
}

/** Float tensors come back as float64, integer ones as int64 (read into a Float64Array). */
export interface OracleTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export interface OracleAnswer {
  readonly outputs: Readonly<Record<string, OracleTensor>>;
  readonly grads: Readonly<Record<string, OracleTensor>>;
  readonly grads2: Readonly<Record<string, OracleTensor>>;
}

function dtypeOf(data: HostTensor['data']): WireDtype {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

function toWire(t: HostTensor): WireTensor {
  const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { dtype: dtypeOf(t.data), shape: [...t.shape], data: bytes.toString('base64') };
}

function fromWire(t: WireTensor): OracleTensor {
  const bytes = Buffer.from(t.data, 'base64');
  // Copy into an aligned buffer: a Buffer's offset inside its pool need not be a multiple of 8.
  const aligned = new Uint8Array(bytes).buffer;
  const data = t.dtype === 'int64' ? Float64Array.from(new BigInt64Array(aligned), Number) : new Float64Array(aligned);
  return { shape: t.shape, data };
}

const decodeAll = (record: Record<string, WireTensor> | undefined): Record<string, OracleTensor> =>
  Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, fromWire(v)]));

interface Pending {
  readonly resolve: (answer: OracleAnswer) => void;
  readonly reject: (error: Error) => void;
  readonly op: string;
}

export type OracleStart = { readonly oracle: TorchOracle; readonly torchVersion: string } | { readonly unavailable: string };

export class TorchOracle {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderr = '';
  private exited: Promise<void>;

  /** torch.__version__, from the hello. */
  torchVersion = 'unknown';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.on('close', () => resolve()));
    void this.exited.then(() => this.failAll(`the oracle exited${this.stderr ? `: ${this.stderr}` : ''}`));
  }

  /**
   * Starts the oracle and waits for its hello. Never throws: a missing Python,
   * a missing torch or a slow start comes back as `unavailable`, for the
   * caller to skip with.
   */
  static async start(timeoutMs = 60_000): Promise<OracleStart> {
    const python = pythonPath();
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(python, ['-u', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      return { unavailable: `cannot start ${python}: ${String(error)}` };
    }
    const oracle = new TorchOracle(child);
    const lines = createInterface({ input: child.stdout });
    return new Promise<OracleStart>((resolve) => {
      let settled = false;
      const settle = (result: OracleStart) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        child.kill();
        settle({ unavailable: `${python} ${script} did not answer within ${timeoutMs} ms` });
      }, timeoutMs);
      child.on('error', (error) => settle({ unavailable: `cannot start ${python}: ${error.message} (set AEGANC_PYTHON to a Python with torch)` }));
      lines.once('line', (line) => {
        let hello: { ok?: boolean; torch?: string; error?: string };
        try {
          hello = JSON.parse(line) as typeof hello;
        } catch {
          hello = { ok: false, error: `unexpected first line ${JSON.stringify(line.slice(0, 200))}` };
        }
        if (!hello.ok) {
          child.kill();
          settle({ unavailable: hello.error ?? 'the oracle failed to start' });
          return;
        }
        oracle.torchVersion = hello.torch ?? 'unknown';
        lines.on('line', (answerLine) => oracle.receive(answerLine));
        settle({ oracle, torchVersion: hello.torch ?? 'unknown' });
      });
      void oracle.exited.then(() => settle({ unavailable: `${python} exited before answering${oracle.stderr ? `: ${oracle.stderr.trim()}` : ''}` }));
    });
  }

  /** Sends every request in one write; each answer settles on its own (a failed op rejects only its promise). */
  submit(requests: readonly OracleRequest[]): Promise<OracleAnswer>[] {
    const promises: Promise<OracleAnswer>[] = [];
    const lines: string[] = [];
    for (const request of requests) {
      const id = this.nextId++;
      promises.push(new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, op: request.op })));
      const inputs = Object.fromEntries(Object.entries(request.inputs ?? {}).map(([k, v]) => [k, toWire(v)]));
      lines.push(JSON.stringify({ ...request, id, inputs }));
    }
    this.child.stdin.write(lines.join('\n') + '\n');
    return promises;
  }

  /** `submit`, then every answer; rejects if any request failed. */
  runAll(requests: readonly OracleRequest[]): Promise<OracleAnswer[]> {
    return Promise.all(this.submit(requests));
  }

  run(request: OracleRequest): Promise<OracleAnswer> {
    return this.runAll([request]).then((answers) => answers[0]!);
  }

  /** Closes stdin (the oracle exits at EOF) and waits for the process to end. */
  async close(): Promise<void> {
    this.child.stdin.end();
    const killer = setTimeout(() => this.child.kill(), 5_000);
    await this.exited;
    clearTimeout(killer);
  }

  private receive(line: string): void {
    let message: { id: number; ok: boolean; error?: string; outputs?: Record<string, WireTensor>; grads?: Record<string, WireTensor>; grads2?: Record<string, WireTensor> };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      this.failAll(`unparseable answer from the oracle: ${line.slice(0, 200)}`);
      return;
    }
    if (message.id == null) {
      this.failAll(`the oracle could not read a request: ${message.error}`);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (!message.ok) {
      pending.reject(new Error(`torch oracle, op ${pending.op}: ${message.error}`));
      return;
    }
    pending.resolve({ outputs: decodeAll(message.outputs), grads: decodeAll(message.grads), grads2: decodeAll(message.grads2) });
  }

  private failAll(reason: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error(reason));
    }
  }
}

/**
 * The oracle for a test file, or undefined with the reason printed, for the
 * suite to skip. Where `AEGANC_REQUIRE_TORCH=1` (CI), a missing torch fails
 * instead: there the tests must not skip.
 */
export async function startOracleOrSkip(suite: string): Promise<TorchOracle | undefined> {
  const started = await TorchOracle.start();
  if ('oracle' in started) return started.oracle;
  if (process.env['AEGANC_REQUIRE_TORCH'] === '1') throw new Error(`${suite} need PyTorch (AEGANC_REQUIRE_TORCH=1): ${started.unavailable}`);
  console.warn(`skipping ${suite}: ${started.unavailable}`);
  return undefined;
}
