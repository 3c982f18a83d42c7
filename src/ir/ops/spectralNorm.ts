// `spectral_norm(layer)` is not a layer kind of its own: it wraps a `dense` or
// `conv2d` node, adding a power-iteration vector of state and the `spectral`
// attribute that both back ends read. Its facts, once.

import type { SpectralNorm } from '../types.js';
import type { LayerTensor } from './layers.js';

/** The layers it may wrap, each with the argument that counts its output units. */
export const SPECTRAL_TARGETS = { dense: 'units', conv2d: 'filters' } as const;

export type SpectralTarget = keyof typeof SPECTRAL_TARGETS;

export function isSpectralTarget(name: string | undefined): name is SpectralTarget {
  return name === 'dense' || name === 'conv2d';
}

/** The power-iteration vector `u`, created before the wrapped layer's weights. */
export function spectralState(units: number): LayerTensor {
  return { kind: 'state', role: 'power_u', shape: [1, units], init: { kind: 'normal', mean: 0, std: 1 } };
}

export function spectralAttrs(u: string, iterations: number): SpectralNorm {
  return { u, iterations, epsilon: 1e-12 };
}
