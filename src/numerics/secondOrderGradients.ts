import { registerComparisonGradients } from './comparisonGradients.js';
import { registerPoolGradients } from './poolGradients.js';
import { registerRecomputedGradients } from './recomputedGradients.js';

/**
 * The gradients tfjs lacks that a penalty's double backward needs (through
 * every layer kind; test/numerics/backends.test.ts checks each): registered
 * once by the interpreter (tf.ts) and by every generated module.
 */
export function registerSecondOrderGradients(): void {
  registerComparisonGradients();
  registerPoolGradients();
  registerRecomputedGradients();
}
