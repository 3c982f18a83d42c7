// Installs our cpu kernels: only Conv2DBackpropFilter, whose tfjs cpu version
// is ~70× slower than the cpu Conv2D (every conv weight gradient on `--backend
// cpu` paid it: minutes per DCGAN step). Call it after
// '@tensorflow/tfjs-backend-cpu' is imported; selectBackend does.

import { conv2DBackpropFilterConfig } from '../conv2DBackpropFilter.js';
import { installFix, uninstallFixes, type KernelFix } from '../installKernels.js';
import { CPU } from '../backendNames.js';

/** The one cpu fix, as a value a generated module can list. */
export const cpuConv2DBackpropFilterFix: KernelFix = { backend: CPU, name: 'conv2DBackpropFilter', configs: () => [conv2DBackpropFilterConfig(CPU)] };

export type CpuKernelFix = 'conv2DBackpropFilter';

export const allCpuKernelFixes: readonly CpuKernelFix[] = ['conv2DBackpropFilter'];

export function registerCpuKernels(fixes: readonly CpuKernelFix[] = allCpuKernelFixes): void {
  for (const fix of fixes) installFix({ ...cpuConv2DBackpropFilterFix, name: fix });
}

export function unregisterCpuKernels(fixes: readonly CpuKernelFix[] = allCpuKernelFixes): void {
  uninstallFixes(CPU, fixes);
}
