import { Option } from 'commander';
import type { BackendRequest } from '../host/backend.js';

/** Every `--backend` value, for train, sample and reconstruct alike. */
export const BACKENDS = ['auto', 'wasm', 'cpu', 'webgpu', 'tensorflow'] as const satisfies readonly BackendRequest[];

export function isBackendRequest(name: string): name is BackendRequest {
  return (BACKENDS as readonly string[]).includes(name);
}

/**
 * The `--backend` option; commander rejects any other value (exit 2). Without
 * `defaultValue` the flag is undefined when absent, so `train --resume` can
 * fall back to the backend the run recorded.
 */
export function backendOption(defaultValue?: BackendRequest, description = 'the TensorFlow.js backend'): Option {
  const option = new Option('--backend <name>', description).choices(BACKENDS);
  return defaultValue ? option.default(defaultValue) : option;
}
