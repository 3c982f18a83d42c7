// Which family of model a run is, for `aeganc eval` (docs/reference.md): each
// family has its own file here, and index.ts dispatches on this.

import type { IrModule } from '../../ir/types.js';
import { autoencoderParts, type AutoencoderParts } from '../../numerics/inference.js';

export type ModelKind =
  | { readonly kind: 'autoencoder'; readonly parts: AutoencoderParts }
  | { readonly kind: 'vae'; readonly parts: AutoencoderParts; readonly mu: number; readonly logvar: number }
  | { readonly kind: 'gan' }
  | { readonly kind: 'unsupported'; readonly problem: string };

export function modelKind(ir: IrModule): ModelKind {
  const role = ir.autoencoder;
  if (!role) {
    return ir.latents.length > 0
      ? { kind: 'gan' }
      : { kind: 'unsupported', problem: 'it is neither an autoencoder (a loss comparing data with decoder(encoder(data))) nor a generator of latents' };
  }
  const parts = autoencoderParts(ir);
  if (!parts) return { kind: 'unsupported', problem: `its autoencoder's data \`${role.data}\` is not an example field read by one-input networks` };
  const gaussian = gaussianCode(ir, parts.encoder.name);
  return gaussian ? { kind: 'vae', parts, ...gaussian } : { kind: 'autoencoder', parts };
}

/** A VAE's `reparam(mu, logvar)` over two outputs of one application of the encoder. */
function gaussianCode(ir: IrModule, encoder: string): { mu: number; logvar: number } | undefined {
  for (const node of ir.nodes) {
    if (node.op !== 'reparam') continue;
    const [mu, logvar] = node.inputs.map((i) => ir.nodes[i]!);
    if (mu?.op === 'apply' && logvar?.op === 'apply' && mu.attrs.network === encoder && logvar.attrs.network === encoder && mu.attrs.call === logvar.attrs.call) {
      return { mu: mu.attrs.output, logvar: logvar.attrs.output };
    }
  }
  return undefined;
}
