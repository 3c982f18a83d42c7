// Makes tfjs-backend-wasm's threaded SIMD build (XNNPACK on a pthread pool)
// start in Node, which the package refuses to do (tensorflow/tfjs #3830).
// Nothing in node_modules is changed; three things are set up at run time,
// before the backend initialises:
//
// 1. The package reports threads unsupported whenever it runs in Node; we set
//    its WASM_HAS_MULTITHREAD_SUPPORT flag ourselves.
// 2. Emscripten creates each pthread with `new Worker(url)`, where `url` is a
//    `blob:` URL that Node's Worker rejects (ERR_WORKER_PATH). `Worker` is
//    looked up on globalThis (the glue assigns worker_threads' Worker there),
//    so globalThis.Worker becomes an accessor that answers with a subclass:
//    for a `blob:` URL it evaluates the pthread script the package ships as
//    text (wasm-out/*.worker.js), and its `load` message gets the path of the
//    Emscripten module file (wasm-out/*.js) instead of a Blob of the bundled
//    factory, whose source refers to the bundler's renamed `require`s.
// 3. The package caps the pool at half of `os.cpus().length` (it assumes two
//    hyperthreads per core). os.cpus is answered with 2 × threads entries while
//    the backend initialises, then restored.

import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker as NodeWorker, type WorkerOptions } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** The package pre-creates this many pthread workers: no more threads are possible. */
export const MAX_WASM_THREADS = 8;

/**
 * `--threads auto`: as many threads as there are idle cores now (the cores less the
 * 1-minute load average, rounded), 1 to MAX_WASM_THREADS. Measured (bench/results/threads.md):
 * on an idle 2-core machine 2 threads ran 1.1–1.3× as fast as 1; with the cores busy, a
 * thread waiting on a descheduled partner made them 0.45–0.6× as fast. The count never
 * changes the numbers (XNNPACK splits work by output tiles), only the speed.
 */
export function idleCoreThreads(load = os.loadavg()[0]!, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, cores, Math.round(cores - load)));
}

const WORKER_SCRIPT = 'tfjs-backend-wasm-threaded-simd.worker.js';
const MODULE_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

interface ThreadedFiles {
  /** The pthread worker's source, ready for `new Worker(source, { eval: true })`. */
  readonly workerSource: string;
  /** The Emscripten module the worker imports (it defines WasmBackendModuleThreadedSimd). */
  readonly moduleFile: string;
}

/** The two wasm-out files of the threaded build, or why they cannot be used. */
export function threadedFiles(distDir: string): ThreadedFiles | { readonly problem: string } {
  const outDir = path.join(distDir, '..', 'wasm-out');
  let contents: unknown;
  try {
    contents = (require(path.join(outDir, WORKER_SCRIPT)) as { wasmWorkerContents?: unknown }).wasmWorkerContents;
  } catch (error) {
    return { problem: `cannot read ${path.join(outDir, WORKER_SCRIPT)} (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof contents !== 'string') return { problem: `${path.join(outDir, WORKER_SCRIPT)} does not export wasmWorkerContents` };
  // The script is kept in a template literal, where its "\n" became a real
  // newline inside a string literal; the package escapes it the same way.
  return { workerSource: contents.replace(/\n/g, '\\n'), moduleFile: path.join(outDir, MODULE_SCRIPT) };
}

interface LoadMessage {
  readonly cmd: 'load';
  readonly urlOrBlob: unknown;
}

function isLoadMessage(message: unknown): message is LoadMessage {
  return typeof message === 'object' && message !== null && (message as { cmd?: unknown }).cmd === 'load';
}

function pthreadWorkerClass(files: ThreadedFiles): typeof NodeWorker {
  return class PthreadWorker extends NodeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const pthread = String(url).startsWith('blob:');
      if (pthread) super(files.workerSource, { eval: true });
      else super(url, options);
      this.pthread = pthread;
      if (pthread) this.unref();
    }

    private readonly pthread: boolean;

    // Emscripten refs a worker while a pthread runs on it; XNNPACK's pool
    // threads wait for work forever, so a ref'd one would keep the process
    // from ever exiting. The main thread alone decides when it is done.
    override ref(): void {
      if (!this.pthread) super.ref();
    }

    override postMessage(message: unknown, transferList?: Parameters<NodeWorker['postMessage']>[1]): void {
      const fixed = isLoadMessage(message) && typeof message.urlOrBlob !== 'string' ? { ...message, urlOrBlob: files.moduleFile } : message;
      super.postMessage(fixed, transferList);
    }
  };
}

let installed = false;

/** Installs the globalThis.Worker accessor (once per process). */
export function installPthreadWorker(files: ThreadedFiles): void {
  if (installed) return;
  installed = true;
  const Pthread = pthreadWorkerClass(files);
  // The glue's own assignment (`global.Worker = nodeWorkerThreads.Worker`)
  // is swallowed; any other code reading Worker gets a class that behaves
  // like worker_threads' for every URL that is not a blob.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => Pthread, set: () => undefined });
}

/**
 * Runs `initialise` (the backend's setBackend) while os.cpus() reports
 * 2 × threads processors, so that the package's cap lets `threads` through.
 */
export async function withReportedCores<T>(threads: number, initialise: () => Promise<T>): Promise<T> {
  const real = os.cpus;
  // Only the length is read; a container may report no processors at all.
  const one: os.CpuInfo = real()[0] ?? { model: 'unknown', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
  os.cpus = () => Array.from({ length: 2 * threads }, () => one);
  try {
    return await initialise();
  } finally {
    os.cpus = real;
  }
}
