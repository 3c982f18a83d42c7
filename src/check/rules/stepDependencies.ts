import type { ExprNode } from '../../ir/types.js';
import type { Reporter } from '../context.js';
import type { StepSource } from '../elaborateTrain.js';

/** The networks whose weights a node's value depends on (a `detach` cuts the path). */
export function networksReachedFrom(root: number, nodes: readonly ExprNode[]): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes[id]!;
    if (node.op === 'detach') continue;
    if (node.op === 'apply' || node.op === 'gradient_penalty' || node.op === 'r1_penalty') reached.add(node.attrs.network);
    stack.push(...node.inputs);
  }
  return reached;
}

/**
 * A step that lists a network in `over` whose weights its loss never touches
 * would silently train nothing for it: the gradient is zero. That is an error.
 */
export function checkStepDependencies(steps: readonly StepSource[], nodes: readonly ExprNode[], reporter: Reporter): void {
  for (const { step, item } of steps) {
    const reached = networksReachedFrom(step.objective, nodes);
    for (const id of item.over) {
      if (reached.has(id.name)) continue;
      const through = [...reached];
      reporter.report('StepMissesNetwork', id.span, { step: step.name, network: id.name }, {
        hint: through.length
          ? `the loss reaches only ${through.map((n) => `\`${n}\``).join(', ')}; remove \`${id.name}\` from \`over\` or use it in the loss (a \`detach\` cuts the gradient)`
          : `the loss uses no network; remove \`${id.name}\` from \`over\` or use it in the loss`,
      });
    }
  }
}
