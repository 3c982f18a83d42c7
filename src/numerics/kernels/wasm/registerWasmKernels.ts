// Installs our wasm kernels. Call it after '@tensorflow/tfjs-backend-wasm' is
// imported (its kernels must be registered for the overrides to wrap them)
// and before the first wasm op; selectBackend does.

import type { KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from '../conv2DBackpropFilter.js';
import { installFixes, uninstallFixes } from '../installKernels.js';
import { conv2DBackpropInputConfig, type SubPixelStrategy } from './conv2DBackpropInput.js';
import { batchMatMulConfig, fusedMatMulConfig } from './matMulTransposed.js';
import { tileConfig } from './tile.js';
import { oneHotConfig } from './oneHot.js';
import { castConfig } from './castToBool.js';
import { clipByValueConfig } from './clipInt32.js';
import { maxPoolGradConfig } from './maxPoolGrad.js';
import { sumLeadingAxesConfigs } from './sumLeadingAxes.js';
import { WASM } from '../backendNames.js';

export type WasmKernelFix = 'conv2DBackpropFilter' | 'matMulTransposed' | 'conv2DBackpropInput' | 'tile' | 'oneHot' | 'castToBool' | 'clipInt32'
  | 'maxPoolGrad' | 'sumLeadingAxes';

export const allWasmKernelFixes: readonly WasmKernelFix[] = [
  'conv2DBackpropFilter',
  'matMulTransposed',
  'conv2DBackpropInput',
  'tile',
  'oneHot',
  'castToBool',
  'clipInt32',
  'maxPoolGrad',
  'sumLeadingAxes',
];

export interface WasmKernelOptions {
  /** How Conv2DBackpropInput runs its phases; only tests and the benchmark fix it. */
  readonly subPixelStrategy?: SubPixelStrategy;
}

function configsOf(fix: WasmKernelFix, options: WasmKernelOptions): KernelConfig[] {
  switch (fix) {
    case 'conv2DBackpropFilter':
      return [conv2DBackpropFilterConfig(WASM)];
    case 'matMulTransposed':
      return [batchMatMulConfig(), fusedMatMulConfig()];
    case 'conv2DBackpropInput':
      return [conv2DBackpropInputConfig(options.subPixelStrategy)];
    case 'tile':
      return [tileConfig()];
    case 'oneHot':
      return [oneHotConfig()];
    case 'castToBool':
      return [castConfig()];
    case 'clipInt32':
      return [clipByValueConfig()];
    case 'maxPoolGrad':
      return [maxPoolGradConfig()];
    case 'sumLeadingAxes':
      return sumLeadingAxesConfigs();
  }
}

/** Registers the given fixes (all by default); fixes already installed are left alone. */
export function registerWasmKernels(fixes: readonly WasmKernelFix[] = allWasmKernelFixes, options: WasmKernelOptions = {}): void {
  installFixes(WASM, fixes, (fix) => configsOf(fix as WasmKernelFix, options));
}

/** Puts back tfjs's own kernels for the given fixes (all by default). */
export function unregisterWasmKernels(fixes: readonly WasmKernelFix[] = allWasmKernelFixes): void {
  uninstallFixes(WASM, fixes);
}
