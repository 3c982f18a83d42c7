// Questions about the checker's facts by source position: the type of the
// expression written at a span, and the layer a network-body stage became.

import type { CheckFacts } from '../check/checkModule.js';
import type { LayerNode, Network, Shape, ValueType } from '../ir/types.js';
import type { CallExpr, NameExpr, NetworkDecl, NetworkStatement, Span } from '../parser/ast.js';
import { containsOffset } from './positions.js';

export function describeType(type: ValueType): string {
  return type.kind === 'class' ? `class[${type.classes}]` : describeShape(type.shape);
}

export function describeShape(shape: Shape): string {
  return shape.length === 0 ? 'scalar' : `[${shape.join(', ')}]`;
}

const key = (span: Span) => `${span.start.offset}:${span.end.offset}`;

export class ShapeFacts {
  private readonly bySpan = new Map<string, ValueType>();

  constructor(readonly facts: CheckFacts | undefined) {
    for (const e of facts?.expressions ?? []) if (!this.bySpan.has(key(e.span))) this.bySpan.set(key(e.span), e.type);
  }

  /** The type of the expression written exactly at `span`, when the checker got that far. */
  typeAt(span: Span): ValueType | undefined {
    return this.bySpan.get(key(span));
  }

  /** The innermost checked expression around `offset`. */
  innermostAt(offset: number): { readonly span: Span; readonly type: ValueType } | undefined {
    let best: { span: Span; type: ValueType } | undefined;
    for (const e of this.facts?.expressions ?? []) {
      if (!containsOffset(e.span, offset)) continue;
      if (!best || e.span.end.offset - e.span.start.offset < best.span.end.offset - best.span.start.offset) best = e;
    }
    return best;
  }

  network(name: string): Network | undefined {
    return this.facts?.networks.find((n) => n.name === name);
  }

  /** The layer node a stage of a network body became (nodes remember where their stage starts). */
  layerOf(network: Network, stage: NameExpr | CallExpr): LayerNode | undefined {
    const { line, column } = stage.span.start;
    return network.nodes.find((n) => n.op !== 'input' && n.source.line === line && n.source.column === column);
  }

  layerDetails(network: Network, node: LayerNode): { readonly inputs: readonly Shape[]; readonly output: Shape; readonly parameters: number } {
    const owns = (t: { network: string; layer: string }) => t.network === network.name && t.layer === node.name;
    const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
    const parameters = [...(this.facts?.weights ?? []), ...(this.facts?.state ?? [])].filter(owns).reduce((total, t) => total + size(t.shape), 0);
    return { inputs: node.inputs.map((i) => network.nodes[i]!.shape), output: node.shape, parameters };
  }

  /** The shape of the value a statement of a network body computes (its last stage's). */
  statementShape(decl: NetworkDecl, statement: NetworkStatement): Shape | undefined {
    const network = this.network(decl.name.name);
    if (!network) return undefined;
    const last = statement.stages[statement.stages.length - 1];
    if (!last) return undefined;
    const node = this.layerOf(network, last);
    if (node) return node.shape;
    // A statement that only names a value (`out = h`) has the shape of that value.
    if (last.kind === 'Name') {
      const input = network.inputs.find((i) => i.name === last.name);
      if (input) return input.shape;
      const earlier = decl.body.find((s) => s.target?.name === last.name);
      if (earlier && earlier !== statement) return this.statementShape(decl, earlier);
    }
    return undefined;
  }
}
