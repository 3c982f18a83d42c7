import type { Tensor } from './tf.js';

/**
 * What a network application or an expression needs besides its inputs. One
 * context lives for one step execution (training) or one sample/reconstruct
 * call (inference).
 */
export interface ForwardContext {
  /** Training mode: batch statistics, dropout and noise on, state updated. */
  readonly training: boolean;
  weight(id: string): Tensor;
  /** A state tensor (moving statistics, spectral `u`), its latest pending value first. */
  readState(id: string): Tensor;
  /** Records a new value for a state tensor; committed after the step. Training only. */
  writeState(id: string, value: Tensor): void;
  /**
   * The seed of random slot `slot` drawn inside the `call`-th network
   * application (`call` 0 for slots outside networks): docs/ir.md, Randomness.
   */
  seed(slot: number, call: number): number;
}
