import { tf, type Tensor } from './tf.js';

/** torch.nn.utils.clip_grad_norm_'s epsilon, added to the norm before dividing. */
const CLIP_EPSILON = 1e-6;

/**
 * The step's gradients scaled together so that their global L2 norm is at
 * most `maxNorm`, as torch.nn.utils.clip_grad_norm_ scales them:
 *   norm = sqrt(Σ sum(square(g)))   over the gradients present (undefined: not reached, not counted)
 *   g'   = mul(g, minimum(div(maxNorm, add(norm, 1e-6)), 1))
 * New tensors, in the same positions; the caller disposes both lists.
 */
export function clipByGlobalNorm(gradients: readonly (Tensor | undefined)[], maxNorm: number): (Tensor | undefined)[] {
  const present = gradients.filter((g): g is Tensor => g !== undefined);
  if (present.length === 0) return [...gradients];
  const scaled = tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g)))));
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(norm, CLIP_EPSILON)), 1);
    return present.map((g) => tf.mul(g, coefficient));
  });
  let next = 0;
  return gradients.map((g) => (g === undefined ? undefined : scaled[next++]));
}
