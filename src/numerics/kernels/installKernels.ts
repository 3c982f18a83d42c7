// Installs named groups of kernel configs ("fixes") into tfjs's global kernel
// registry, remembering what each replaced so it can be put back: the
// benchmark and the tests compare the shipped kernels with ours in one
// process. The state lives on globalThis because tfjs's registry does too;
// two copies of this module must not wrap a kernel twice.

import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';

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

/** Registers each fix's configs (built only now: overrides read the original); installed fixes are left alone. */
export function installFixes(backendName: string, fixes: readonly string[], configsOf: (fix: string) => KernelConfig[]): void {
  const state = installed();
  for (const fix of fixes) {
    if (state.has(fixKey(backendName, fix))) continue;
    const replaced = new Map<string, KernelConfig | null>();
    for (const config of configsOf(fix)) {
      const previous = getKernel(config.kernelName, backendName) ?? null;
      if (previous) unregisterKernel(config.kernelName, backendName);
      registerKernel(config);
      replaced.set(config.kernelName, previous);
    }
    state.set(fixKey(backendName, fix), { replaced });
  }
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
