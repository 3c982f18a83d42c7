// A step's objective (or a sample's value) as a Python function: the graph
// nodes it needs in id order (the interpreter's order), one line each, named
// after the `let`/`loss` they are bound to where they are.

import { dependencies } from '../../ir/dependencies.js';
import type { IrModule } from '../../ir/types.js';
import type { NameScope } from '../identifiers.js';
import { renderExpression } from './exprTable.js';
import { pyCommentLines, pyDocstring, wrapStatement } from './pythonText.js';

export interface GraphFunction {
  readonly name: string;
  readonly text: string;
}

/**
 * `def NAME(run, ctx, batches):` computing `roots`; it returns `returns(values)`,
 * given each root's Python name.
 */
export function emitGraphFunction(
  ir: IrModule,
  name: string,
  doc: string,
  roots: readonly number[],
  returns: (names: readonly string[]) => string,
  sourceLines: readonly string[],
  globals: NameScope,
): GraphFunction {
  const scope = globals.child();
  const bound = new Map<number, string>();
  for (const binding of [...ir.lets, ...ir.losses]) if (!bound.has(binding.node)) bound.set(binding.node, binding.name);
  const names = new Map<number, string>();
  const applications = new Map<number, string>();
  const lines: string[] = ['    nets = ctx.networks'];
  let lastLine = -1;
  for (const id of dependencies(ir.nodes, roots)) {
    const node = ir.nodes[id]!;
    const args = node.inputs.map((i) => names.get(i)!);
    if (node.source.line !== lastLine && node.op !== 'const') {
      lastLine = node.source.line;
      const source = sourceLines[node.source.line - 1]?.trim();
      if (source) lines.push(...pyCommentLines('    ', `line ${node.source.line}: ${source}`));
    }
    const text = renderExpression(node, {
      arg: (k) => args[k]!,
      args,
      application: (network, call) => {
        let value = applications.get(call);
        if (!value) {
          value = scope.claim(`${network}_call${call}`);
          applications.set(call, value);
          lines.push(wrapStatement('    ', `${value} = `, `nets[${JSON.stringify(network)}](ctx, ${call}, ${args.join(', ')})`));
        }
        return value;
      },
      critic: (network, call, extra) =>
        `lambda x: nets[${JSON.stringify(network)}](ctx, ${call}, ${['x', ...extra].join(', ')})[0]`,
    });
    const value = scope.claim(bound.get(id) ?? `t${id}`);
    names.set(id, value);
    lines.push(wrapStatement('    ', `${value} = `, text));
  }
  const text = [`def ${name}(run, ctx, batches):`, pyDocstring('    ', doc), ...lines, `    return ${returns(roots.map((r) => names.get(r)!))}`].join('\n');
  return { name, text };
}
