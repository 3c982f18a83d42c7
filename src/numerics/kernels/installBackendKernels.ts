// The one entry point that installs our kernel fixes for a backend, used by
// the interpreter's selectBackend and, copied, by every generated module
// (its model constructor passes tf.getBackend()), so an embedder's wasm or
// cpu training runs the same kernels, and on cpu the same numerics, as the
// interpreter. Installing is idempotent per backend and fix (installKernels.ts
// keeps that record on globalThis), so the interpreter and any number of
// generated modules in one process install each fix once.

import { CPU, WASM } from './backendNames.js';
import { registerCpuKernels } from './cpu/registerCpuKernels.js';
import { registerWasmKernels } from './wasm/registerWasmKernels.js';

/**
 * Installs every fix for `backendName` (tfjs's name, as tf.getBackend()
 * returns it); other backends need none. For wasm, call it once
 * '@tensorflow/tfjs-backend-wasm' is imported: its fixes wrap the kernels the
 * package registers.
 */
export function installBackendKernels(backendName: string): void {
  if (backendName === WASM) registerWasmKernels();
  else if (backendName === CPU) registerCpuKernels();
}
