// Chooses and initialises the TensorFlow.js backend a run uses.
//
// `auto` tries, in order: tfjs-node-gpu / tfjs-node (TensorFlow's C library,
// optional peer dependencies), WebGPU (Dawn through the optional `webgpu`
// package, when it finds an adapter), wasm (XNNPACK, with our kernels from
// kernels/wasm), and cpu (plain JavaScript with our kernels from kernels/cpu,
// always there). An explicit request
// that cannot be met is a diagnostic saying why and how to fix it; it never
// falls back silently, since timings and numerics differ between backends.

import { createRequire } from 'node:module';
import path from 'node:path';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { Result } from '../diagnostics/diagnostic.js';
import type { MessageId } from '../diagnostics/catalogue.js';
import { installBackendKernels } from '../numerics/kernels/installBackendKernels.js';
import { tf } from '../numerics/tf.js';
import { idleCoreThreads, installPthreadWorker, MAX_WASM_THREADS, threadedFiles, withReportedCores } from './wasmThreads.js';

export type BackendRequest = 'auto' | 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';

export interface BackendOptions {
  /**
   * The wasm backend's XNNPACK thread pool (1 to MAX_WASM_THREADS): 1 is the
   * single-threaded SIMD build, more starts the threaded SIMD build
   * (wasmThreads.ts). `auto`: the idle cores (`idleCoreThreads`), and no error
   * when the backend chosen is not wasm. Left out: 1. Either way, once wasm has
   * initialised in a process its count is fixed, and `auto` or leaving it out
   * takes that count; only an explicit other number is an error (E0536).
   */
  readonly threads?: number | 'auto';
}

/** The backend chosen: tfjs's name for it, and wasm's thread count when it is wasm. */
export interface SelectedBackend {
  readonly name: string;
  readonly threads?: number;
}

/** A failure that has a message of its own rather than "backend X is not available". */
interface OwnMessage {
  readonly id: MessageId;
  readonly args: Readonly<Record<string, string | number>>;
}

type Attempt =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly reason: string; readonly hint: string; readonly own?: OwnMessage };

const require = createRequire(import.meta.url);

function failed(reason: string, hint: string): Attempt {
  return { ok: false, reason, hint };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a package can be resolved from here, without loading it. */
function isInstalled(specifier: string): boolean {
  try {
    require.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** tfjs's setBackend returns false on a failed init, but throws for an unknown name. */
async function activate(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

// ───────────────────────────── TensorFlow (tfjs-node) ─────────────────────────────

async function tryTensorflow(): Promise<Attempt> {
  const packages = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const problems: string[] = [];
  for (const specifier of packages) {
    if (!isInstalled(specifier)) continue;
    try {
      // A variable specifier: these are optional and absent at type-check time.
      await import(specifier);
    } catch (error) {
      problems.push(`${specifier} is installed but failed to load (${message(error)})`);
      continue;
    }
    if (await activate('tensorflow')) return { ok: true, name: tf.getBackend() };
    problems.push(`${specifier} loaded, but its backend failed to initialise`);
  }
  if (problems.length > 0) {
    return failed(problems.join('; '), 'reinstall it (`npm rebuild @tensorflow/tfjs-node`) or choose --backend wasm');
  }
  return failed(
    'neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed',
    'install one: `npm install @tensorflow/tfjs-node` (CPU) or `npm install @tensorflow/tfjs-node-gpu` (CUDA)',
  );
}

// ───────────────────────────── WebGPU (Dawn) ─────────────────────────────

interface DawnModule {
  readonly create: (flags: string[]) => { requestAdapter(): Promise<unknown> };
  readonly globals: Readonly<Record<string, unknown>>;
}

function isDawnModule(value: unknown): value is DawnModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof DawnModule, unknown>>;
  return typeof candidate.create === 'function' && typeof candidate.globals === 'object' && candidate.globals !== null;
}

/**
 * tfjs-backend-webgpu registers itself only if `navigator.gpu` exists when it
 * is imported, and its shaders use the GPU* constants as globals, so both are
 * installed on globalThis first. Node ≥ 21 has a `navigator` of its own.
 */
function installWebGpuGlobals(gpu: unknown, globals: Readonly<Record<string, unknown>>): void {
  const g = globalThis as Record<string, unknown>;
  for (const [key, value] of Object.entries(globals)) {
    if (!(key in g)) g[key] = value;
  }
  const existing = g['navigator'];
  if (typeof existing === 'object' && existing !== null) {
    Object.defineProperty(existing, 'gpu', { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
}

async function tryWebGpu(): Promise<Attempt> {
  const install = 'install both: `npm install webgpu @tensorflow/tfjs-backend-webgpu`';
  if (!isInstalled('webgpu')) return failed('the `webgpu` package (Dawn for Node) is not installed', install);
  if (!isInstalled('@tensorflow/tfjs-backend-webgpu')) return failed('@tensorflow/tfjs-backend-webgpu is not installed', install);
  let imported: unknown;
  try {
    imported = await import('webgpu' as string);
  } catch (error) {
    return failed(`the \`webgpu\` package failed to load (${message(error)})`, 'reinstall it: `npm rebuild webgpu`');
  }
  // A CommonJS package: its exports may arrive as named exports or as `default`.
  const dawn = [imported, (imported as { default?: unknown } | null)?.default].find(isDawnModule);
  if (!dawn) {
    return failed('the `webgpu` package does not export `create` and `globals`', 'install a version with that API: `npm install webgpu@^0.6`');
  }
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) {
    return failed(
      'Dawn found no GPU adapter',
      'check the GPU driver and the Vulkan loader (`vulkaninfo --summary`), or choose --backend wasm',
    );
  }
  installWebGpuGlobals(gpu, dawn.globals);
  try {
    await import('@tensorflow/tfjs-backend-webgpu' as string);
  } catch (error) {
    return failed(`@tensorflow/tfjs-backend-webgpu failed to load (${message(error)})`, install);
  }
  if (await activate('webgpu')) return { ok: true, name: tf.getBackend() };
  return failed('the WebGPU backend failed to initialise on the adapter Dawn found', 'choose --backend wasm');
}

// ───────────────────────────── wasm and cpu ─────────────────────────────

let wasmPathsSet = false;
/** The thread count wasm initialised with in this process; it cannot change afterwards. */
let wasmThreadsInUse: number | undefined;

function threadsProblem(threads: number, problem: string, hint: string): Attempt {
  return { ok: false, reason: problem, hint, own: { id: 'WasmThreadsUnavailable', args: { threads, problem } } };
}

async function tryWasm(threads: number): Promise<Attempt> {
  if (wasmThreadsInUse !== undefined && wasmThreadsInUse !== threads) {
    return {
      ok: false,
      reason: `wasm runs on ${wasmThreadsInUse} thread(s)`,
      hint: `use --threads ${wasmThreadsInUse}, or start a new process for ${threads}`,
      own: { id: 'WasmThreadsFixed', args: { running: wasmThreadsInUse, threads } },
    };
  }
  try {
    const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // The .wasm binaries sit next to the package's entry point in dist/.
      wasm.setWasmPaths(distDir + path.sep);
      wasmPathsSet = true;
    }
    if (threads > 1 && wasmThreadsInUse === undefined) {
      const files = threadedFiles(distDir);
      if ('problem' in files) return threadsProblem(threads, files.problem, 'reinstall @tensorflow/tfjs-backend-wasm, or use --threads 1');
      installPthreadWorker(files);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
      wasm.setThreadsCount(threads);
    }
    installBackendKernels('wasm');
  } catch (error) {
    return failed(`the wasm backend failed to load (${message(error)})`, 'reinstall dependencies (`npm install`) or choose --backend cpu');
  }
  const ok = threads > 1 ? await withReportedCores(threads, () => activate('wasm')) : await activate('wasm');
  if (!ok) {
    if (threads > 1) return threadsProblem(threads, 'its threaded build failed to initialise', 'use --threads 1');
    return failed('the wasm backend failed to initialise (WebAssembly unavailable?)', 'choose --backend cpu');
  }
  if (wasmThreadsInUse === undefined) {
    const running = threads > 1 ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1;
    if (running !== threads) return threadsProblem(threads, `its thread pool started ${running}`, 'use --threads 1');
    wasmThreadsInUse = threads;
  }
  return { ok: true, name: tf.getBackend() };
}

async function tryCpu(): Promise<Attempt> {
  await import('@tensorflow/tfjs-backend-cpu');
  installBackendKernels('cpu');
  if (await activate('cpu')) return { ok: true, name: tf.getBackend() };
  return failed('the cpu backend failed to initialise', 'reinstall dependencies (`npm install`)');
}

const attempts: Readonly<Record<Exclude<BackendRequest, 'auto'>, (threads: number) => Promise<Attempt>>> = {
  tensorflow: tryTensorflow,
  webgpu: tryWebGpu,
  wasm: tryWasm,
  cpu: tryCpu,
};

/** The order `auto` tries: fastest first. */
const autoOrder = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

function unavailable(request: string, reason: string, hint: string, own?: OwnMessage): Result<{ name: string }> {
  if (own) return { diagnostics: [makeDiagnostic(own.id, 'command line', undefined, own.args, { hint, field: '--threads' })] };
  return {
    diagnostics: [
      makeDiagnostic('BackendUnavailable', 'command line', undefined, { backend: request, reason }, {
        hint,
        field: `--backend ${request}`,
      }),
    ],
  };
}

function threadsNeedWasm(threads: number, backend: string): Result<{ name: string }> {
  return {
    diagnostics: [
      makeDiagnostic('ThreadsNeedWasm', 'command line', undefined, { threads, backend }, {
        hint: 'add --backend wasm, or drop --threads (the other backends choose their own threads)',
        field: '--threads',
      }),
    ],
  };
}

/**
 * Initialises the requested backend and makes it tfjs's current one. The
 * returned name is tfjs's own (`tensorflow`, `webgpu`, `wasm`, `cpu`).
 */
export async function selectBackend(request: BackendRequest, options: BackendOptions = {}): Promise<Result<SelectedBackend>> {
  const chosen = await choose(request, options);
  if (!chosen.value) return chosen;
  const name = chosen.value.name;
  return { value: name === 'wasm' ? { name, threads: wasmThreadsInUse ?? 1 } : { name }, diagnostics: [] };
}

async function choose(request: BackendRequest, options: BackendOptions): Promise<Result<{ name: string }>> {
  // Only a number the caller gave is held to; `auto` and no count adapt to wasm's pool.
  const explicit = typeof options.threads === 'number';
  const wanted = options.threads === 'auto' ? (wasmThreadsInUse ?? idleCoreThreads()) : (options.threads ?? wasmThreadsInUse ?? 1);
  const threads = explicit || request === 'wasm' || request === 'auto' ? wanted : 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    return unavailable('wasm', '', `give --threads a whole number from 1 to ${MAX_WASM_THREADS}`, {
      id: 'WasmThreadsUnavailable',
      args: { threads, problem: `the package's pool holds 1 to ${MAX_WASM_THREADS} threads` },
    });
  }
  if (request !== 'auto') {
    if (explicit && threads > 1 && request !== 'wasm') return threadsNeedWasm(threads, request);
    const attempt = await attempts[request](threads);
    return attempt.ok ? { value: { name: attempt.name }, diagnostics: [] } : unavailable(request, attempt.reason, attempt.hint, attempt.own);
  }
  const reasons: string[] = [];
  for (const candidate of autoOrder) {
    const attempt = await attempts[candidate](threads);
    if (attempt.ok) {
      if (explicit && threads > 1 && attempt.name !== 'wasm') return threadsNeedWasm(threads, attempt.name);
      return { value: { name: attempt.name }, diagnostics: [] };
    }
    // A thread count wasm cannot honour is reported as such, not as a reason to fall back to cpu.
    if (attempt.own) return unavailable('auto', attempt.reason, attempt.hint, attempt.own);
    reasons.push(`${candidate}: ${attempt.reason}`);
  }
  return unavailable('auto', reasons.join('; '), 'reinstall dependencies (`npm install`)');
}

/**
 * Iterations between read-backs of the losses on `backend`. A device with a
 * queue (webgpu, tensorflow) would otherwise wait for its kernels every
 * iteration; on wasm and cpu the kernels have run by the time they return,
 * so a read is a copy and a later one would only delay the progress line.
 */
export function readbackEveryOn(backend: string): number {
  return backend === 'webgpu' || backend === 'tensorflow' ? 10 : 1;
}
