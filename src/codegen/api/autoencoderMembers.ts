// `encode`, `decode` and `reconstruct`: the members a generated model has
// when the spec is an autoencoder whose encoder and decoder take one input.

import type { AutoencoderRole } from '../../ir/types.js';
import { commentText } from '../identifiers.js';
import type { NetworkBinding } from '../emitNetwork.js';
import type { ApiContext } from './apiContext.js';

export interface AutoencoderApi {
  readonly role: AutoencoderRole;
  readonly encoder: NetworkBinding;
  readonly decoder: NetworkBinding;
}

/** The autoencoder's role and networks, when the model gets `encode`/`decode`/`reconstruct`. */
export function autoencoderApi({ ir, networks }: ApiContext): AutoencoderApi | undefined {
  const role = ir.autoencoder;
  const encoder = role && networks.find((b) => b.network.name === role.encoder);
  const decoder = role && networks.find((b) => b.network.name === role.decoder);
  if (!role || !encoder || !decoder || encoder.network.inputs.length !== 1 || decoder.network.inputs.length !== 1) return undefined;
  return { role, encoder, decoder };
}

export function autoencoderMembers({ names }: ApiContext, { role, encoder, decoder }: AutoencoderApi): string {
  const code = encoder.outputProperties ? `.${encoder.outputProperties[role.codeOutput]}` : '';
  const decoded = decoder.outputProperties ? `.${decoder.outputProperties[0]}` : '';
  const codeName = encoder.network.outputs[role.codeOutput]?.name;
  return `  /** The code of a batch of \`${commentText(role.data)}\`: \`${commentText(encoder.network.name)}\`'s ${codeName ? `\`${commentText(codeName)}\` output` : 'output'}, in inference mode. The caller disposes it. */
  encode(x: Tensor, options: ${names.inferenceOptions} = {}): Tensor {
    const ctx = this.inference(options);
    return tf.tidy(() => ${encoder.functionName}(ctx, 0, x)${code});
  }

  /** \`${commentText(decoder.network.name)}\` applied to a batch of codes, in inference mode. The caller disposes it. */
  decode(code: Tensor, options: ${names.inferenceOptions} = {}): Tensor {
    const ctx = this.inference(options);
    return tf.tidy(() => ${decoder.functionName}(ctx, 1, code)${decoded});
  }

  /** decode(encode(x)), shaped like \`x\` (the interpreter's reconstruction grids). The caller disposes it. */
  reconstruct(x: Tensor, options: ${names.inferenceOptions} = {}): Tensor {
    const ctx = this.inference(options);
    return tf.tidy(() => tf.reshape(${decoder.functionName}(ctx, 1, ${encoder.functionName}(ctx, 0, x)${code})${decoded}, x.shape));
  }`;
}
