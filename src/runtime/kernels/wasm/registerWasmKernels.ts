// Installs our wasm kernels into tfjs's global kernel registry. Call it after
// '@tensorflow/tfjs-backend-wasm' is imported (its kernels must be registered
// for the overrides to wrap them) and before the first wasm op.
//
// The originals are kept so `unregisterWasmKernels` can put them back: the
// benchmark and the tests compare the shipped kernels with ours in one process.
// The state lives on globalThis because tfjs's registry does too; two copies
// of this module must not wrap a kernel twice.

import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig, type SubPixelStrategy } from './conv2DBackpropInput.js';
import { WASM } from './kernelCalls.js';
import { batchMatMulConfig, fusedMatMulConfig } from './matMulTransposed.js';
import { tileConfig } from './tile.js';

export type WasmKernelFix = 'conv2DBackpropFilter' | 'matMulTransposed' | 'conv2DBackpropInput' | 'tile';

export const allWasmKernelFixes: readonly WasmKernelFix[] = [
  'conv2DBackpropFilter',
  'matMulTransposed',
  'conv2DBackpropInput',
  'tile',
];

export interface WasmKernelOptions {
  /** How Conv2DBackpropInput runs its phases; only tests and the benchmark fix it. */
  readonly subPixelStrategy?: SubPixelStrategy;
}

/** Each fix's kernel configs, built on demand: overrides read the registered original. */
const configsOf: Readonly<Record<WasmKernelFix, (options: WasmKernelOptions) => KernelConfig[]>> = {
  conv2DBackpropFilter: () => [conv2DBackpropFilterConfig],
  matMulTransposed: () => [batchMatMulConfig(), fusedMatMulConfig()],
  conv2DBackpropInput: (options) => [conv2DBackpropInputConfig(options.subPixelStrategy)],
  tile: () => [tileConfig()],
};

interface InstalledFix {
  /** What was registered before, per kernel name; null where nothing was. */
  readonly replaced: ReadonlyMap<string, KernelConfig | null>;
}

const STATE = Symbol.for('aeganc.wasmKernels');
type GlobalWithState = typeof globalThis & { [STATE]?: Map<WasmKernelFix, InstalledFix> };

function installed(): Map<WasmKernelFix, InstalledFix> {
  const g = globalThis as GlobalWithState;
  g[STATE] ??= new Map();
  return g[STATE];
}

function tryGetKernel(kernelName: string): KernelConfig | null {
  return getKernel(kernelName, WASM) ?? null;
}

/** Registers the given fixes (all by default); fixes already installed are left alone. */
export function registerWasmKernels(fixes: readonly WasmKernelFix[] = allWasmKernelFixes, options: WasmKernelOptions = {}): void {
  const state = installed();
  for (const fix of fixes) {
    if (state.has(fix)) continue;
    const replaced = new Map<string, KernelConfig | null>();
    for (const config of configsOf[fix](options)) {
      const previous = tryGetKernel(config.kernelName);
      if (previous) unregisterKernel(config.kernelName, WASM);
      registerKernel(config);
      replaced.set(config.kernelName, previous);
    }
    state.set(fix, { replaced });
  }
}

/** Puts back what each installed fix replaced (all fixes by default). */
export function unregisterWasmKernels(fixes: readonly WasmKernelFix[] = allWasmKernelFixes): void {
  const state = installed();
  for (const fix of fixes) {
    const entry = state.get(fix);
    if (!entry) continue;
    for (const [kernelName, previous] of entry.replaced) {
      unregisterKernel(kernelName, WASM);
      if (previous) registerKernel(previous);
    }
    state.delete(fix);
  }
}
