// A function term's type problem (src/ir/ops/terms.ts) as the diagnostic
// the checker reports: the table says what is wrong, this says it in words.

import type { CallExpr, Expr } from '../parser/ast.js';
import type { ExprOp, ValueType } from '../ir/types.js';
import type { TermProblem } from '../ir/ops/terms.js';
import type { Reporter } from './context.js';
import { formatShape } from './shapes.js';

export function typeToString(type: ValueType): string {
  return type.kind === 'class' ? `class[${type.classes}]` : formatShape(type.shape);
}

/** Reports `problem` of the call `call` of `op`; `argument` finds an argument's expression by parameter name. */
export function reportTermProblem(problem: TermProblem, op: ExprOp, call: CallExpr, argument: (name: string) => Expr | undefined, reporter: Reporter): void {
  switch (problem.problem) {
    case 'argument':
      reporter.report('FunctionArgumentShape', (problem.at ? argument(problem.at)?.span : undefined) ?? call.span, {
        fn: op, expected: problem.expected, actual: problem.actual.map(typeToString).join(' and '),
      });
      return;
    case 'lossShapes': {
      const [target, pred] = [formatShape(problem.target), formatShape(problem.pred)];
      reporter.report('LossShapes', call.span, { loss: op, target, pred }, {
        label: `${target} vs ${pred}`,
        hint: 'the prediction must have the target\'s shape; check the last layer or add a `reshape`',
      });
      return;
    }
    case 'concatShapes':
      reporter.report('ConcatShapes', call.span, { layer: op, expected: 'values that differ only in their last axis', actual: problem.shapes.map(formatShape).join(' and ') });
      return;
    case 'value':
      reporter.report('InvalidArgumentValue', call.span, { name: problem.name, expected: problem.expected, actual: problem.actual });
      return;
  }
}
