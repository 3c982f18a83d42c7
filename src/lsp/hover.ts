// Hover: the checker's shapes where the cursor is. A layer shows its input and
// output shapes and its parameter count, a network its summary (the table of
// `aeganc check --summary`), a loss its terms, any other name or expression
// its type.

import type { Hover } from 'vscode-languageserver/node';
import type { CallExpr, Expr, LossDecl, NameExpr, NetworkDecl, NetworkStatement } from '../parser/ast.js';
import { isLayerName } from '../check/layers.js';
import { networkSummaryText } from '../ir/summary.js';
import type { Analysis } from './analyzeDocument.js';
import { containsOffset } from './positions.js';
import { describeShape, describeType, ShapeFacts } from './shapeFacts.js';
import type { SymbolEntry } from './symbolIndex.js';

const count = (n: number) => n.toLocaleString('en-US');

export function hoverAt(analysis: Analysis, offset: number): Hover | null {
  const facts = new ShapeFacts(analysis.facts);
  const occurrence = analysis.index.at(offset);
  const text = occurrence
    ? describeSymbol(analysis, facts, occurrence.symbol)
    : describeLayerAt(analysis, facts, offset) ?? describeExpressionAt(analysis, facts, offset);
  return text ? { contents: { kind: 'markdown', value: text } } : null;
}

const block = (body: string, note?: string) => `\`\`\`aegan\n${body}\n\`\`\`${note ? `\n\n${note}` : ''}`;
const source = (analysis: Analysis, node: { span: { start: { offset: number }; end: { offset: number } } }) =>
  analysis.text.slice(node.span.start.offset, node.span.end.offset).replace(/\s+/g, ' ');

function describeSymbol(analysis: Analysis, facts: ShapeFacts, symbol: SymbolEntry): string | undefined {
  const decl = symbol.decl;
  switch (symbol.kind) {
    case 'network':
      return decl.kind === 'NetworkDecl' ? describeNetwork(analysis, facts, decl) : undefined;
    case 'loss':
      return decl.kind === 'LossDecl' ? describeLoss(analysis, facts, decl) : undefined;
    case 'param':
    case 'model':
      return block(source(analysis, decl));
    case 'step':
      return decl.kind === 'TrainDecl' ? block(source(analysis, decl.items.find((i) => i.kind === 'StepItem' && i.name.name === symbol.name)!)) : undefined;
    case 'data':
    case 'latent': {
      const type = usedType(facts, symbol);
      return block(`${symbol.kind} ${symbol.name}: ${type ?? declaredType(analysis, symbol)}`, `declared as \`${source(analysis, decl)}\``);
    }
    case 'let': {
      if (decl.kind !== 'LetDecl') return undefined;
      let type = decl.destructured ? undefined : facts.typeAt(decl.value.span);
      if (decl.destructured && decl.value.kind === 'Call') {
        const network = facts.network(decl.value.callee.name);
        const shape = network?.outputs[decl.names.findIndex((n) => n.name === symbol.name)]?.shape;
        if (shape) type = { kind: 'tensor', shape };
      }
      return block(`let ${symbol.name}: ${type ? describeType(type) : 'unknown (not checked)'}`);
    }
    case 'input':
    case 'output':
    case 'value':
      return decl.kind === 'NetworkDecl' ? describeLocal(facts, decl, symbol) : undefined;
  }
}

/** A data field or latent's type as the checker resolved it at one of its uses. */
function usedType(facts: ShapeFacts, symbol: SymbolEntry): string | undefined {
  for (const use of symbol.references) {
    const type = facts.typeAt(use);
    if (type) return describeType(type);
  }
  return undefined;
}

function declaredType(analysis: Analysis, symbol: SymbolEntry): string {
  const decl = symbol.decl;
  if (decl.kind === 'DataDecl') {
    const field = decl.fields.find((f) => f.name.name === symbol.name);
    return field ? source(analysis, field.type) : '?';
  }
  return decl.kind === 'LatentDecl' ? source(analysis, decl.type) : '?';
}

function describeNetwork(analysis: Analysis, facts: ShapeFacts, decl: NetworkDecl): string {
  const network = facts.network(decl.name.name);
  if (!network) {
    const signature = analysis.text.slice(decl.span.start.offset, decl.body[0]?.span.start.offset ?? decl.span.end.offset).replace(/\s*\{\s*$/, '');
    return block(signature.trim(), 'its body does not check yet, so there is no summary');
  }
  const table = networkSummaryText({ file: decl.name.name, networks: [network], weights: analysis.facts!.weights, state: analysis.facts!.state });
  const outputs = network.outputs.map((o) => (o.name ? `${o.name}: ${describeShape(o.shape)}` : describeShape(o.shape))).join(', ');
  return block(table.trimEnd(), `outputs ${network.outputs.length > 1 ? `(${outputs})` : outputs}`);
}

/** A loss and its terms: the top-level sums and differences of its expression. */
function describeLoss(analysis: Analysis, facts: ShapeFacts, decl: LossDecl): string {
  const terms: { sign: string; expr: Expr }[] = [];
  const collect = (expr: Expr, sign: string) => {
    if (expr.kind === 'Binary' && (expr.op === '+' || expr.op === '-')) {
      collect(expr.left, sign);
      collect(expr.right, expr.op === '-' ? (sign === '-' ? '+' : '-') : sign);
    } else terms.push({ sign, expr });
  };
  collect(decl.value, '+');
  const total = facts.typeAt(decl.value.span);
  const rows = terms.map(({ sign, expr }, i) => {
    const type = facts.typeAt(expr.span);
    return { lead: i === 0 ? (sign === '-' ? '- ' : '  ') : `${sign} `, text: source(analysis, expr), type: type ? describeType(type) : '?' };
  });
  const width = Math.max(...rows.map((r) => r.text.length));
  const lines = rows.map((r) => `${r.lead}${r.text.padEnd(width)}  ${r.type}`);
  return block(`loss ${decl.name.name}: ${total ? describeType(total) : 'unknown (not checked)'}\n${lines.join('\n')}`, `${terms.length} term${terms.length === 1 ? '' : 's'}`);
}

function describeLocal(facts: ShapeFacts, decl: NetworkDecl, symbol: SymbolEntry): string {
  const network = facts.network(decl.name.name);
  let shape: readonly number[] | undefined;
  if (symbol.kind === 'input') shape = network?.inputs.find((i) => i.name === symbol.name)?.shape;
  else if (symbol.kind === 'output') shape = network?.outputs.find((o) => o.name === symbol.name)?.shape;
  if (!shape) {
    const statement = decl.body.find((s) => s.target?.name === symbol.name);
    shape = statement ? facts.statementShape(decl, statement) : undefined;
  }
  return block(`${symbol.kind} ${symbol.name}: ${shape ? describeShape(shape) : 'unknown (not checked)'}`, `in network \`${decl.name.name}\``);
}

/** A layer of a network body under the cursor: `dense(32)`: [784] → [32], 25,120 parameters. */
function describeLayerAt(analysis: Analysis, facts: ShapeFacts, offset: number): string | undefined {
  for (const decl of analysis.ast?.declarations ?? []) {
    if (decl.kind !== 'NetworkDecl' || !containsOffset(decl.span, offset)) continue;
    const found = stageAt(decl.body, offset);
    if (!found) return undefined;
    const { stage } = found;
    const name = stage.kind === 'Name' ? stage.name : stage.callee.name;
    if (!isLayerName(name)) return undefined;
    const network = facts.network(decl.name.name);
    const node = network && facts.layerOf(network, stage);
    if (!network || !node) return block(`layer ${source(analysis, stage)}`, 'not checked: the network has an error before or at this layer');
    const details = facts.layerDetails(network, node);
    const input = details.inputs.map(describeShape).join(', ');
    return block(`${node.name} = ${source(analysis, stage)}\n  ${input} → ${describeShape(details.output)}`, `${count(details.parameters)} parameter${details.parameters === 1 ? '' : 's'}`);
  }
  return undefined;
}

function stageAt(body: readonly NetworkStatement[], offset: number): { statement: NetworkStatement; stage: NameExpr | CallExpr } | undefined {
  for (const statement of body) {
    for (const stage of statement.stages) if (containsOffset(stage.span, offset)) return { statement, stage };
  }
  return undefined;
}

function describeExpressionAt(analysis: Analysis, facts: ShapeFacts, offset: number): string | undefined {
  const found = facts.innermostAt(offset);
  return found ? block(`${source(analysis, found)}: ${describeType(found.type)}`) : undefined;
}
