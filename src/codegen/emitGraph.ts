// The expression graph of lets and losses, as straight-line code: the nodes
// a set of roots depends on, in ascending id order, exactly as
// src/numerics/expressions/evaluate.ts's `evaluateNodes` visits them (so the
// gradient tape records the same operations in the same order). Outputs of
// one network application share one call; every use of a data field or
// latent in one execution reads the same batch, as in the interpreter. Each
// node is rendered by the term op table's TypeScript entry (./typescriptOps.ts).

import type { ExprNode, ExprNodeOf, IrModule } from '../ir/types.js';
import { dependencies } from '../ir/dependencies.js';
import { describeTerm } from '../ir/ops/terms.js';
import { renderTableTerm, type TermRenderer } from './typescriptOps.js';
import { commentText, numberLiteral, stringLiteral, type NameScope } from './identifiers.js';
import type { NetworkBinding } from './emitNetwork.js';


export interface GraphCode {
  /** Statements computing the roots, in node order. */
  readonly lines: readonly string[];
  /** The expression holding each root's value. */
  readonly roots: readonly string[];
  readonly helpers: ReadonlySet<string>;
  /** Data sources the statements read. */
  readonly sources: ReadonlySet<number>;
}

/** Names of let and loss bindings, by node: the first binding of a node names its local. */
function bindingNames(ir: IrModule): Map<number, string> {
  const names = new Map<number, string>();
  for (const binding of [...ir.lets, ...ir.losses]) if (!names.has(binding.node)) names.set(binding.node, binding.name);
  return names;
}

/**
 * Straight-line code for `roots` inside a function whose locals live in
 * `scope` and that has `ctx: ForwardContext` and `batches: BatchSource` in scope.
 */
export function emitGraph(ir: IrModule, roots: readonly number[], networks: readonly NetworkBinding[], scope: NameScope): GraphCode {
  const helpers = new Set<string>();
  const sources = new Set<number>();
  const bindings = bindingNames(ir);
  const byName = new Map(networks.map((b) => [b.network.name, b] as const));
  const values = new Map<number, string>();
  const calls = new Map<number, string>();
  const sharedLocals = new Map<string, string>();
  const lines: string[] = [];
  const use = (helper: string, ...args: string[]): string => {
    helpers.add(helper);
    return `${helper}(${args.join(', ')})`;
  };
  const local = (node: ExprNode, wanted: string): string => scope.claim(bindings.get(node.id) ?? wanted);
  const emit = (node: ExprNode, name: string, expression: string, note = ''): void => {
    const bound = bindings.get(node.id);
    const what = bound ? `${ir.losses.some((l) => l.name === bound) ? 'loss' : 'let'} ${bound}: ` : '';
    lines.push(`// ${node.source.line}:${node.source.column} ${commentText(what + describeTerm(node) + note)}`);
    lines.push(`const ${name} = ${expression};`);
    values.set(node.id, name);
  };

  /** data, latent and apply nodes: one local per field, latent or application, shared by every use. */
  const bindShared = (node: ExprNodeOf<'data' | 'latent' | 'apply'>, args: readonly string[]): null => {
    const id = node.id;
    switch (node.op) {
      case 'data': {
        // Every use of a field in one execution is the same batch: reuse the first local.
        const key = `data:${node.attrs.source}:${node.attrs.field}`;
        const existing = sharedLocals.get(key);
        if (existing) {
          values.set(id, existing);
          return null;
        }
        sources.add(node.attrs.source);
        emit(node, local(node, node.attrs.field), `batches.data(${numberLiteral(node.attrs.source)}, ${stringLiteral(node.attrs.field)})`);
        sharedLocals.set(key, values.get(id)!);
        return null;
      }
      case 'latent': {
        // Every use of a latent in one execution is the same draw: reuse the first local.
        const existing = sharedLocals.get(`latent:${node.attrs.name}`);
        if (existing) {
          values.set(id, existing);
          return null;
        }
        const index = ir.latents.findIndex((l) => l.name === node.attrs.name);
        emit(node, local(node, node.attrs.name), `batches.latent(LATENTS[${index}]!)`);
        sharedLocals.set(`latent:${node.attrs.name}`, values.get(id)!);
        return null;
      }
      case 'apply': {
        const binding = byName.get(node.attrs.network)!;
        let call = calls.get(node.attrs.call);
        if (!call) {
          call = scope.claim(binding.outputProperties ? `${node.attrs.network}Call${node.attrs.call}` : bindings.get(id) ?? `${node.attrs.network}${node.attrs.call}`);
          lines.push(`// ${node.source.line}:${node.source.column} ${commentText(`${node.attrs.network}(...)`)}, application ${node.attrs.call}`);
          lines.push(`const ${call} = ${binding.functionName}(ctx, ${numberLiteral(node.attrs.call)}, ${args.join(', ')});`);
          calls.set(node.attrs.call, call);
        }
        if (!binding.outputProperties) values.set(id, call);
        else {
          const property = binding.outputProperties[node.attrs.output]!;
          emit(node, local(node, `${property}${id}`), `${call}.${property}`, ` (${node.attrs.network}'s output ${property})`);
        }
        return null;
      }
    }
  };
  const renderer: TermRenderer = {
    use,
    local(wanted, expression) {
      const name = scope.claim(wanted);
      lines.push(`const ${name} = ${expression};`);
      return name;
    },
    claim: (wanted) => scope.claim(wanted),
    network(name) {
      const binding = byName.get(name)!;
      return { functionName: binding.functionName, ...(binding.outputProperties ? { firstOutput: binding.outputProperties[0]! } : {}) };
    },
    bindShared,
  };

  for (const id of dependencies(ir.nodes, roots)) {
    const node = ir.nodes[id]!;
    const args = node.inputs.map((i) => values.get(i)!);
    const code = renderTableTerm(node, args, renderer);
    if (code === null) continue;
    if (typeof code === 'string') emit(node, local(node, `v${id}`), code);
    else emit(node, local(node, code.local), code.expression);
  }
  return { lines, roots: roots.map((r) => values.get(r)!), helpers, sources };
}
