import type { Binding, ExprNode, Train } from '../ir/types.js';
import { dependencies } from '../ir/dependencies.js';

/**
 * Each step also reports every declared loss its objective is built from
 * (`loss elbo = recon + beta * kl` logs recon and kl beside elbo): they are
 * nodes of the same forward pass on the same batches, so logging them costs
 * one read-back, and changes no value, no draw and no state write.
 */
export function withContainedLosses(train: Train, nodes: readonly ExprNode[], losses: readonly Binding[]): Train {
  const steps = train.steps.map((step) => {
    const within = new Set(dependencies(nodes, [step.objective]));
    const named = new Set(step.reports.map((r) => r.name));
    const extra = losses.filter((loss) => within.has(loss.node) && !named.has(loss.name));
    return extra.length > 0 ? { ...step, reports: [...step.reports, ...extra] } : step;
  });
  return { ...train, steps };
}
