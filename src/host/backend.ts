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
import { installBackendKernels } from '../numerics/kernels/installBackendKernels.js';
import { tf } from '../numerics/tf.js';

export type BackendRequest = 'auto' | 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';

type Attempt = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string; readonly hint: string };

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

async function tryWasm(): Promise<Attempt> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // The .wasm binaries sit next to the package's entry point in dist/.
      const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      wasm.setWasmPaths(distDir + path.sep);
      wasmPathsSet = true;
    }
    installBackendKernels('wasm');
  } catch (error) {
    return failed(`the wasm backend failed to load (${message(error)})`, 'reinstall dependencies (`npm install`) or choose --backend cpu');
  }
  if (await activate('wasm')) return { ok: true, name: tf.getBackend() };
  return failed('the wasm backend failed to initialise (WebAssembly unavailable?)', 'choose --backend cpu');
}

async function tryCpu(): Promise<Attempt> {
  await import('@tensorflow/tfjs-backend-cpu');
  installBackendKernels('cpu');
  if (await activate('cpu')) return { ok: true, name: tf.getBackend() };
  return failed('the cpu backend failed to initialise', 'reinstall dependencies (`npm install`)');
}

const attempts: Readonly<Record<Exclude<BackendRequest, 'auto'>, () => Promise<Attempt>>> = {
  tensorflow: tryTensorflow,
  webgpu: tryWebGpu,
  wasm: tryWasm,
  cpu: tryCpu,
};

/** The order `auto` tries: fastest first. */
const autoOrder = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

function unavailable(request: string, reason: string, hint: string): Result<{ name: string }> {
  return {
    diagnostics: [
      makeDiagnostic('BackendUnavailable', 'command line', undefined, { backend: request, reason }, {
        hint,
        field: `--backend ${request}`,
      }),
    ],
  };
}

/**
 * Initialises the requested backend and makes it tfjs's current one. The
 * returned name is tfjs's own (`tensorflow`, `webgpu`, `wasm`, `cpu`).
 */
export async function selectBackend(request: BackendRequest): Promise<Result<{ name: string }>> {
  if (request !== 'auto') {
    const attempt = await attempts[request]();
    return attempt.ok ? { value: { name: attempt.name }, diagnostics: [] } : unavailable(request, attempt.reason, attempt.hint);
  }
  const reasons: string[] = [];
  for (const candidate of autoOrder) {
    const attempt = await attempts[candidate]();
    if (attempt.ok) return { value: { name: attempt.name }, diagnostics: [] };
    reasons.push(`${candidate}: ${attempt.reason}`);
  }
  return unavailable('auto', reasons.join('; '), 'reinstall dependencies (`npm install`)');
}
