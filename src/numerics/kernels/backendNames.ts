// tfjs's names of the backends our kernels are registered for. One
// declaration each: generated modules copy these files, and a copied name may
// be declared only once among them.

export const WASM = 'wasm';
export const CPU = 'cpu';
