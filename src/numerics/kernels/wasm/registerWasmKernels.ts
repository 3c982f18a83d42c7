// Installs our wasm kernels. Call it after '@tensorflow/tfjs-backend-wasm' is
// imported (its kernels must be registered for the overrides to wrap them)
// and before the first wasm op; selectBackend does.

import type { KernelConfig } from '@tensorflow/tfjs-core';
import { installFix, uninstallFixes, type KernelFix } from '../installKernels.js';
import { conv2DBackpropInputConfig, type SubPixelStrategy } from './conv2DBackpropInput.js';
import {
  wasmCastToBoolFix,
  wasmClipInt32Fix,
  wasmConv2DBackpropFilterFix,
  wasmConv2DBackpropInputFix,
  wasmMatMulTransposedFix,
  wasmMaxPoolGradFix,
  wasmOneHotFix,
  wasmSumLeadingAxesFix,
  wasmTileFix,
  wasmIdentitySharedFix,
} from './wasmFixes.js';
import { WASM } from '../backendNames.js';

export type WasmKernelFix = 'conv2DBackpropFilter' | 'matMulTransposed' | 'conv2DBackpropInput' | 'tile' | 'oneHot' | 'castToBool' | 'clipInt32'
  | 'maxPoolGrad' | 'sumLeadingAxes' | 'identityShared';

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
  'identityShared',
];

export interface WasmKernelOptions {
  /** How Conv2DBackpropInput runs its phases; only tests and the benchmark fix it. */
  readonly subPixelStrategy?: SubPixelStrategy;
}

const wasmFixes: Readonly<Record<WasmKernelFix, KernelFix>> = {
  conv2DBackpropFilter: wasmConv2DBackpropFilterFix,
  matMulTransposed: wasmMatMulTransposedFix,
  conv2DBackpropInput: wasmConv2DBackpropInputFix,
  tile: wasmTileFix,
  oneHot: wasmOneHotFix,
  castToBool: wasmCastToBoolFix,
  clipInt32: wasmClipInt32Fix,
  maxPoolGrad: wasmMaxPoolGradFix,
  sumLeadingAxes: wasmSumLeadingAxesFix,
  identityShared: wasmIdentitySharedFix,
};

function configsOf(fix: WasmKernelFix, options: WasmKernelOptions): KernelConfig[] {
  if (fix === 'conv2DBackpropInput' && options.subPixelStrategy !== undefined) return [conv2DBackpropInputConfig(options.subPixelStrategy)];
  return wasmFixes[fix].configs();
}

/** Registers the given fixes (all by default); fixes already installed are left alone. */
export function registerWasmKernels(fixes: readonly WasmKernelFix[] = allWasmKernelFixes, options: WasmKernelOptions = {}): void {
  for (const fix of fixes) installFix({ backend: WASM, name: fix, configs: () => configsOf(fix, options) });
}

/** Puts back tfjs's own kernels for the given fixes (all by default). */
export function unregisterWasmKernels(fixes: readonly WasmKernelFix[] = allWasmKernelFixes): void {
  uninstallFixes(WASM, fixes);
}
