import type { Span } from '../../parser/ast.js';
import type { IrModule } from '../../ir/types.js';
import { resourceProblems, type ResourceProblem } from '../../ir/resources.js';
import type { MessageId } from '../../diagnostics/catalogue.js';
import type { Reporter } from '../context.js';

/** The message of each kind of resource problem. */
export const RESOURCE_MESSAGES: Readonly<Record<ResourceProblem['kind'], MessageId>> = {
  tensor: 'TensorTooLarge',
  memory: 'MemoryTooLarge',
  executions: 'ValueTooLarge',
};

/**
 * E0314, E0315, E0227: a module that checks but could not be trained (a batch
 * tensor past tfjs's limit, more memory than a run can address, more step
 * executions than seeds) is reported at the setting that makes it so.
 */
export function checkResourceLimits(module: IrModule, spans: { readonly batch: Span; readonly length: Span }, reporter: Reporter): void {
  for (const problem of resourceProblems(module)) {
    reporter.report(RESOURCE_MESSAGES[problem.kind], problem.setting === 'batch' ? spans.batch : spans.length, problem.args, { hint: problem.hint });
  }
}
