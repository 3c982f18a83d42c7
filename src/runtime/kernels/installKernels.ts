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

const STATE = Symbol.for('aeganc.installedKernels');
type GlobalWithState = typeof globalThis & { [STATE]?: Map<string, InstalledFix> };

function installed(): Map<string, InstalledFix> {
  const g = globalThis as GlobalWithState;
  g[STATE] ??= new Map();
  return g[STATE];
}

const key = (backendName: string, fix: string): string => `${backendName}/${fix}`;

/** Registers each fix's configs (built only now: overrides read the original); installed fixes are left alone. */
export function installFixes(backendName: string, fixes: readonly string[], configsOf: (fix: string) => KernelConfig[]): void {
  const state = installed();
  for (const fix of fixes) {
    if (state.has(key(backendName, fix))) continue;
    const replaced = new Map<string, KernelConfig | null>();
    for (const config of configsOf(fix)) {
      const previous = getKernel(config.kernelName, backendName) ?? null;
      if (previous) unregisterKernel(config.kernelName, backendName);
      registerKernel(config);
      replaced.set(config.kernelName, previous);
    }
    state.set(key(backendName, fix), { replaced });
  }
}

/** Puts back what each installed fix replaced. */
export function uninstallFixes(backendName: string, fixes: readonly string[]): void {
  const state = installed();
  for (const fix of fixes) {
    const entry = state.get(key(backendName, fix));
    if (!entry) continue;
    for (const [kernelName, previous] of entry.replaced) {
      unregisterKernel(kernelName, backendName);
      if (previous) registerKernel(previous);
    }
    state.delete(key(backendName, fix));
  }
}
