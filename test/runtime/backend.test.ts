import { createRequire } from 'node:module';
import { getKernel } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/host/backend.js';
import { tf } from '../../src/numerics/tf.js';

function installed(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

const hasTfjsNode = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');
const hasWebGpu = installed('webgpu') && installed('@tensorflow/tfjs-backend-webgpu');

describe('selectBackend', () => {
  it('selects cpu', async () => {
    const result = await selectBackend('cpu');
    expect(result).toEqual({ value: { name: 'cpu' }, diagnostics: [] });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('selects wasm with our kernels registered, and runs a conv weight gradient on it', async () => {
    const result = await selectBackend('wasm');
    expect(result.value).toEqual({ name: 'wasm', threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
    expect(getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const dw = tf.tidy(() =>
      tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')))(tf.ones([3, 3, 1, 1])).dataSync(),
    );
    expect(Array.from(dw)).toEqual(new Array(9).fill(4));
  });

  it('can switch back and forth', async () => {
    expect((await selectBackend('cpu')).value?.name).toBe('cpu');
    expect((await selectBackend('wasm')).value?.name).toBe('wasm');
  });

  if (hasTfjsNode) console.log('tfjs-node is installed: the "not installed" diagnostic test is skipped');
  it.skipIf(hasTfjsNode)('explains how to install tfjs-node when tensorflow is asked for and absent', async () => {
    const result = await selectBackend('tensorflow');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'E0506',
      severity: 'error',
      field: '--backend tensorflow',
      message: 'backend `tensorflow` is not available: neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed',
    });
    expect(result.diagnostics[0].hint).toContain('npm install @tensorflow/tfjs-node');
  });

  if (hasWebGpu) console.log('webgpu is installed: the "not installed" diagnostic test is skipped (a GPU machine checks it)');
  it.skipIf(hasWebGpu)('explains how to install WebGPU when asked for and absent', async () => {
    const result = await selectBackend('webgpu');
    expect(result.diagnostics[0]).toMatchObject({ code: 'E0506', field: '--backend webgpu' });
    expect(result.diagnostics[0].message).toContain('the `webgpu` package (Dawn for Node) is not installed');
    expect(result.diagnostics[0].hint).toBe('install both: `npm install webgpu @tensorflow/tfjs-backend-webgpu`');
  });

  it.skipIf(hasTfjsNode || hasWebGpu)('auto falls through to wasm when neither tfjs-node nor WebGPU is installed', async () => {
    expect(await selectBackend('auto')).toEqual({ value: { name: 'wasm', threads: 1 }, diagnostics: [] });
  });
});
