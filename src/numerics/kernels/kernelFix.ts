// One kernel fix as a value: the backend it is for and the kernel configs it
// registers. Generated modules list only the fixes their ops need
// (src/codegen/kernelFixes.ts chooses them) and install that list, so a
// module without convolutions copies no convolution kernel; the interpreter
// installs every fix of its backend (installBackendKernels.ts).

import type { KernelConfig } from '@tensorflow/tfjs-core';
import { installFixes } from './installKernels.js';

export interface KernelFix {
  /** tfjs's backend name (backendNames.ts). */
  readonly backend: string;
  /** Its name in the installed record (`wasm/tile`), kernels/README.md's table. */
  readonly name: string;
  /** Built when installed: a fix that wraps a kernel reads the one registered then. */
  configs(): KernelConfig[];
}

/** Installs the fixes meant for `backendName` (tf.getBackend()); the others are skipped. Idempotent. */
export function installKernelFixes(backendName: string, fixes: readonly KernelFix[]): void {
  for (const fix of fixes) {
    if (fix.backend === backendName) installFixes(backendName, [fix.name], () => fix.configs());
  }
}
