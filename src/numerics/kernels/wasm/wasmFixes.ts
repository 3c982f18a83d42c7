// The wasm kernel fixes as values (kernels/README.md's table says what each
// repairs). Each is its own declaration so that a generated module copies
// only the ones it lists; most wrap the kernel wasm ships (wrappedKernel).

import { _FusedMatMul, BatchMatMul, Cast, ClipByValue, Identity, MaxPoolGrad, Mean, OneHot, Sum, Tile } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from '../conv2DBackpropFilter.js';
import { wrappedKernel, type KernelFix } from '../installKernels.js';
import { WASM } from '../backendNames.js';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput.js';
import { withMaterialisedTranspose } from './matMulTransposed.js';
import { broadcastingTile } from './tile.js';
import { castingOneHot } from './oneHot.js';
import { testingCast } from './castToBool.js';
import { int32Clip } from './clipInt32.js';
import { maxPoolGradLoop } from './maxPoolGrad.js';
import { leadingReduction } from './sumLeadingAxes.js';
import { sharingIdentity } from './identityShared.js';

export const wasmConv2DBackpropFilterFix: KernelFix = { backend: WASM, name: 'conv2DBackpropFilter', configs: () => [conv2DBackpropFilterConfig(WASM)] };
export const wasmMatMulTransposedFix: KernelFix = {
  backend: WASM,
  name: 'matMulTransposed',
  configs: () => [BatchMatMul, _FusedMatMul].map((name) => wrappedKernel(WASM, name, withMaterialisedTranspose)),
};
export const wasmConv2DBackpropInputFix: KernelFix = { backend: WASM, name: 'conv2DBackpropInput', configs: () => [conv2DBackpropInputConfig()] };
export const wasmTileFix: KernelFix = { backend: WASM, name: 'tile', configs: () => [wrappedKernel(WASM, Tile, broadcastingTile)] };
export const wasmOneHotFix: KernelFix = { backend: WASM, name: 'oneHot', configs: () => [wrappedKernel(WASM, OneHot, castingOneHot)] };
export const wasmCastToBoolFix: KernelFix = { backend: WASM, name: 'castToBool', configs: () => [wrappedKernel(WASM, Cast, testingCast)] };
export const wasmClipInt32Fix: KernelFix = { backend: WASM, name: 'clipInt32', configs: () => [wrappedKernel(WASM, ClipByValue, int32Clip)] };
export const wasmMaxPoolGradFix: KernelFix = { backend: WASM, name: 'maxPoolGrad', configs: () => [wrappedKernel(WASM, MaxPoolGrad, maxPoolGradLoop)] };
export const wasmSumLeadingAxesFix: KernelFix = {
  backend: WASM,
  name: 'sumLeadingAxes',
  configs: () => [Sum, Mean].map((name) => wrappedKernel(WASM, name, (original) => leadingReduction(original, name === Mean))),
};
export const wasmIdentitySharedFix: KernelFix = { backend: WASM, name: 'identityShared', configs: () => [wrappedKernel(WASM, Identity, sharingIdentity)] };
