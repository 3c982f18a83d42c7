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
  const graph = new GraphEmitter(ir, networks, scope);
  for (const id of dependencies(ir.nodes, roots)) graph.node(ir.nodes[id]!);
  return { lines: graph.lines, roots: roots.map((r) => graph.values.get(r)!), helpers: graph.helpers, sources: graph.sources };
}

/** The statements emitted so far, and the local that holds each node's value. */
class GraphEmitter implements TermRenderer {
  readonly helpers = new Set<string>();
  readonly sources = new Set<number>();
  readonly values = new Map<number, string>();
  readonly lines: string[] = [];
  private readonly bindings: Map<number, string>;
  private readonly byName: Map<string, NetworkBinding>;
  /** The local of each network application, by call id. */
  private readonly calls = new Map<number, string>();
  /** The local of each data field and latent already read in this execution. */
  private readonly sharedLocals = new Map<string, string>();

  constructor(
    private readonly ir: IrModule,
    networks: readonly NetworkBinding[],
    private readonly scope: NameScope,
  ) {
    this.bindings = bindingNames(ir);
    this.byName = new Map(networks.map((b) => [b.network.name, b] as const));
  }

  /** One node, rendered by its term table entry (nothing when it shares a local). */
  node(node: ExprNode): void {
    const args = node.inputs.map((i) => this.values.get(i)!);
    const code = renderTableTerm(node, args, this);
    if (code === null) return;
    if (typeof code === 'string') this.emit(node, this.nodeLocal(node, `v${node.id}`), code);
    else this.emit(node, this.nodeLocal(node, code.local), code.expression);
  }

  use(helper: string, ...args: string[]): string {
    this.helpers.add(helper);
    return `${helper}(${args.join(', ')})`;
  }

  local(wanted: string, expression: string): string {
    const name = this.scope.claim(wanted);
    this.lines.push(`const ${name} = ${expression};`);
    return name;
  }

  claim(wanted: string): string {
    return this.scope.claim(wanted);
  }

  network(name: string): { functionName: string; firstOutput?: string } {
    const binding = this.byName.get(name)!;
    return { functionName: binding.functionName, ...(binding.outputProperties ? { firstOutput: binding.outputProperties[0]! } : {}) };
  }

  /** data, latent and apply nodes: one local per field, latent or application, shared by every use. */
  bindShared(node: ExprNodeOf<'data' | 'latent' | 'apply'>, args: readonly string[]): null {
    switch (node.op) {
      case 'data':
        // Every use of a field in one execution is the same batch: reuse the first local.
        this.shared(node, `data:${node.attrs.source}:${node.attrs.field}`, () => {
          this.sources.add(node.attrs.source);
          this.emit(node, this.nodeLocal(node, node.attrs.field), `batches.data(${numberLiteral(node.attrs.source)}, ${stringLiteral(node.attrs.field)})`);
        });
        return null;
      case 'latent':
        // Every use of a latent in one execution is the same draw: reuse the first local.
        this.shared(node, `latent:${node.attrs.name}`, () => {
          const index = this.ir.latents.findIndex((l) => l.name === node.attrs.name);
          this.emit(node, this.nodeLocal(node, node.attrs.name), `batches.latent(LATENTS[${index}]!)`);
        });
        return null;
      case 'apply':
        this.application(node, args);
        return null;
    }
  }

  /** `node` reads the local stored under `key`, emitted by `first` on the first use. */
  private shared(node: ExprNode, key: string, first: () => void): void {
    const existing = this.sharedLocals.get(key);
    if (existing) {
      this.values.set(node.id, existing);
      return;
    }
    first();
    this.sharedLocals.set(key, this.values.get(node.id)!);
  }

  /** One output of a network application; the application itself is emitted once per call id. */
  private application(node: ExprNodeOf<'apply'>, args: readonly string[]): void {
    const { network, call: callId, output } = node.attrs;
    const binding = this.byName.get(network)!;
    let call = this.calls.get(callId);
    if (!call) {
      call = this.scope.claim(binding.outputProperties ? `${network}Call${callId}` : this.bindings.get(node.id) ?? `${network}${callId}`);
      this.lines.push(`// ${node.source.line}:${node.source.column} ${commentText(`${network}(...)`)}, application ${callId}`);
      this.lines.push(`const ${call} = ${binding.functionName}(ctx, ${numberLiteral(callId)}, ${args.join(', ')});`);
      this.calls.set(callId, call);
    }
    if (!binding.outputProperties) this.values.set(node.id, call);
    else {
      const property = binding.outputProperties[output]!;
      this.emit(node, this.nodeLocal(node, `${property}${node.id}`), `${call}.${property}`, ` (${network}'s output ${property})`);
    }
  }

  /** A node's local: named after its let or loss when it has one. */
  private nodeLocal(node: ExprNode, wanted: string): string {
    return this.scope.claim(this.bindings.get(node.id) ?? wanted);
  }

  private emit(node: ExprNode, name: string, expression: string, note = ''): void {
    const bound = this.bindings.get(node.id);
    const what = bound ? `${this.ir.losses.some((l) => l.name === bound) ? 'loss' : 'let'} ${bound}: ` : '';
    this.lines.push(`// ${node.source.line}:${node.source.column} ${commentText(what + describeTerm(node) + note)}`);
    this.lines.push(`const ${name} = ${expression};`);
    this.values.set(node.id, name);
  }
}
