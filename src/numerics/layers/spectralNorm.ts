import { tf, type Tensor } from '../tf.js';
import { stopGradient } from '../stopGradient.js';
import type { ForwardContext } from '../context.js';
import type { SpectralNorm } from '../../ir/types.js';

/** Ops: div(a, add(sqrt(sum(square(a))), epsilon)). */
function l2Normalize(a: Tensor, epsilon: number): Tensor {
  return tf.div(a, tf.add(tf.sqrt(tf.sum(tf.square(a))), epsilon));
}

/**
 * spectral_norm (Miyato et al.) of a dense kernel [in, out] or a conv kernel
 * [k, k, cin, cout], seen as the matrix Wm = reshape(W, [-1, out]).
 *
 * Training (`iterations` ≥ 1, the new `u` is returned to be stored):
 *   Wc = reshape(stopGradient(W), [-1, out]); u = reshape(u, [out, 1])
 *   repeat: v = l2Normalize(matMul(Wc, u)); u = l2Normalize(matMul(Wc, v, transposeA))
 * Inference (`iterations` = 0, `u` unchanged): v = l2Normalize(matMul(Wc, u)).
 * Then sigma = sum(mul(v, matMul(reshape(W, [-1, out]), u))) — u and v are
 * constants to the gradient, sigma is not — and the kernel is div(W, sigma).
 */
export function spectralNormalize(
  kernel: Tensor,
  u: Tensor,
  iterations: number,
  epsilon: number,
): { kernel: Tensor; u: Tensor } {
  const out = kernel.shape[kernel.rank - 1]!;
  const frozen = tf.reshape(stopGradient(kernel), [-1, out]) as tf.Tensor2D;
  let uCol = tf.reshape(u, [out, 1]) as tf.Tensor2D;
  let v = l2Normalize(tf.matMul(frozen, uCol), epsilon) as tf.Tensor2D;
  for (let i = 0; i < iterations; i++) {
    if (i > 0) v = l2Normalize(tf.matMul(frozen, uCol), epsilon) as tf.Tensor2D;
    uCol = l2Normalize(tf.matMul(frozen, v, true, false), epsilon) as tf.Tensor2D;
  }
  const matrix = tf.reshape(kernel, [-1, out]) as tf.Tensor2D;
  const sigma = tf.sum(tf.mul(v, tf.matMul(matrix, uCol)));
  return { kernel: tf.div(kernel, sigma), u: tf.reshape(uCol, u.shape) };
}

/** spectral_norm: one power iteration per training-mode application, none in inference. */
export function maybeSpectral(kernel: Tensor, spectral: SpectralNorm | undefined, ctx: ForwardContext): Tensor {
  if (!spectral) return kernel;
  const iterations = ctx.training ? spectral.iterations : 0;
  const result = spectralNormalize(kernel, ctx.readState(spectral.u), iterations, spectral.epsilon);
  if (ctx.training) ctx.writeState(spectral.u, result.u);
  return result.kernel;
}
