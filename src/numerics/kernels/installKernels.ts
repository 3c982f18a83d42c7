// Kernel fixes as values, and their installation into tfjs's global kernel
// registry, remembering what each replaced so it can be put back: the
// benchmark and the tests compare the shipped kernels with ours in one
// process. The state lives on globalThis because tfjs's registry does too;
// two copies of this module must not wrap a kernel twice. Generated modules
// list only the fixes their ops need (src/codegen/kernelFixes.ts chooses
// them) and install that list, so a module without convolutions copies no
// convolution kernel; the interpreter installs every fix of its backend
// (installBackendKernels.ts).

import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';

export interface KernelFix {
  /** tfjs's backend name (backendNames.ts). */
  readonly backend: string;
  /** Its name in the installed record (`wasm/tile`), kernels/README.md's table. */
  readonly name: string;
  /** Built when installed: a fix that wraps a kernel reads the one registered then. */
  configs(): KernelConfig[];
}

/** The kernel registered now for `kernelName` on `backendName`, its function wrapped (read before the fix replaces it). */
export function wrappedKernel(backendName: string, kernelName: string, wrap: (original: KernelFunc) => KernelFunc): KernelConfig {
  const original = getKernel(kernelName, backendName);
  return { ...original, kernelFunc: wrap(original.kernelFunc) };
}

/** Installs the fixes meant for `backendName` (tf.getBackend()); the others are skipped. Idempotent. */
export function installKernelFixes(backendName: string, fixes: readonly KernelFix[]): void {
  for (const fix of fixes) if (fix.backend === backendName) installFix(fix);
}

interface InstalledFix {
  /** What was registered before, per kernel name; null where nothing was. */
  readonly replaced: ReadonlyMap<string, KernelConfig | null>;
}

// Named apart from the generated modules' own tables (STATE, WEIGHTS): they copy this file.
const INSTALLED_FIXES = Symbol.for('aeganc.installedKernels');
type GlobalWithFixes = typeof globalThis & { [INSTALLED_FIXES]?: Map<string, InstalledFix> };

function installed(): Map<string, InstalledFix> {
  const g = globalThis as GlobalWithFixes;
  g[INSTALLED_FIXES] ??= new Map();
  return g[INSTALLED_FIXES];
}

const fixKey = (backendName: string, fix: string): string => `${backendName}/${fix}`;

/** Registers the fix's configs (built only now: overrides read the original), unless it is installed already. */
export function installFix(fix: KernelFix): void {
  const state = installed();
  if (state.has(fixKey(fix.backend, fix.name))) return;
  const replaced = new Map<string, KernelConfig | null>();
  for (const config of fix.configs()) {
    const previous = getKernel(config.kernelName, fix.backend) ?? null;
    if (previous) unregisterKernel(config.kernelName, fix.backend);
    registerKernel(config);
    replaced.set(config.kernelName, previous);
  }
  state.set(fixKey(fix.backend, fix.name), { replaced });
}

/** Puts back what each installed fix replaced. */
export function uninstallFixes(backendName: string, fixes: readonly string[]): void {
  const state = installed();
  for (const fix of fixes) {
    const entry = state.get(fixKey(backendName, fix));
    if (!entry) continue;
    for (const [kernelName, previous] of entry.replaced) {
      unregisterKernel(kernelName, backendName);
      if (previous) registerKernel(previous);
    }
    state.delete(fixKey(backendName, fix));
  }
}
