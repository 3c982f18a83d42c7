// Which family of model a run is, for `aeganc eval` (docs/reference.md): each
// family has its own file here, and index.ts dispatches on this.

import type { DataField, DataSource, IrModule, Network } from '../../ir/types.js';

/** The parts of an autoencoder eval reads: its data field, encoder, decoder and code. */
export interface AutoencoderParts {
  readonly source: DataSource;
  readonly field: DataField & { readonly type: { readonly kind: 'tensor'; readonly shape: readonly number[] } };
  readonly encoder: Network;
  readonly decoder: Network;
  /** The encoder output the decoder reads when reconstructing (a VAE's `mu`). */
  readonly codeOutput: number;
}

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
  const source = ir.data.find((d) => d.fields.some((f) => f.name === role.data));
  const field = source?.fields.find((f) => f.name === role.data);
  const encoder = ir.networks.find((n) => n.name === role.encoder);
  const decoder = ir.networks.find((n) => n.name === role.decoder);
  if (!source || !field || field.type.kind !== 'tensor' || !encoder || !decoder) {
    return { kind: 'unsupported', problem: `its autoencoder's data \`${role.data}\` is not an example field` };
  }
  if (encoder.inputs.length !== 1 || decoder.inputs.length !== 1) {
    return { kind: 'unsupported', problem: `\`${encoder.inputs.length !== 1 ? encoder.name : decoder.name}\` takes ${encoder.inputs.length !== 1 ? encoder.inputs.length : decoder.inputs.length} inputs; eval reconstructs through an encoder and a decoder of one input each` };
  }
  const parts: AutoencoderParts = { source, field: field as AutoencoderParts['field'], encoder, decoder, codeOutput: role.codeOutput };
  const gaussian = gaussianCode(ir, encoder.name);
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
