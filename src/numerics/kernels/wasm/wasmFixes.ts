// The wasm kernel fixes as values (kernels/README.md's table says what each
// repairs). Each is its own declaration so that a generated module copies
// only the ones it lists.

import { conv2DBackpropFilterConfig } from '../conv2DBackpropFilter.js';
import type { KernelFix } from '../kernelFix.js';
import { WASM } from '../backendNames.js';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput.js';
import { batchMatMulConfig, fusedMatMulConfig } from './matMulTransposed.js';
import { tileConfig } from './tile.js';
import { oneHotConfig } from './oneHot.js';
import { castConfig } from './castToBool.js';
import { clipByValueConfig } from './clipInt32.js';
import { maxPoolGradConfig } from './maxPoolGrad.js';
import { sumLeadingAxesConfigs } from './sumLeadingAxes.js';
import { identityConfig } from './identityShared.js';

export const wasmConv2DBackpropFilterFix: KernelFix = { backend: WASM, name: 'conv2DBackpropFilter', configs: () => [conv2DBackpropFilterConfig(WASM)] };
export const wasmMatMulTransposedFix: KernelFix = { backend: WASM, name: 'matMulTransposed', configs: () => [batchMatMulConfig(), fusedMatMulConfig()] };
export const wasmConv2DBackpropInputFix: KernelFix = { backend: WASM, name: 'conv2DBackpropInput', configs: () => [conv2DBackpropInputConfig()] };
export const wasmTileFix: KernelFix = { backend: WASM, name: 'tile', configs: () => [tileConfig()] };
export const wasmOneHotFix: KernelFix = { backend: WASM, name: 'oneHot', configs: () => [oneHotConfig()] };
export const wasmCastToBoolFix: KernelFix = { backend: WASM, name: 'castToBool', configs: () => [castConfig()] };
export const wasmClipInt32Fix: KernelFix = { backend: WASM, name: 'clipInt32', configs: () => [clipByValueConfig()] };
export const wasmMaxPoolGradFix: KernelFix = { backend: WASM, name: 'maxPoolGrad', configs: () => [maxPoolGradConfig()] };
export const wasmSumLeadingAxesFix: KernelFix = { backend: WASM, name: 'sumLeadingAxes', configs: () => sumLeadingAxesConfigs() };
export const wasmIdentitySharedFix: KernelFix = { backend: WASM, name: 'identityShared', configs: () => [identityConfig()] };
