// Each declaration as a block member: its lines, and what to do with the
// comments written inside it.

import type {
  Comment,
  DataDecl,
  Declaration,
  NetworkDecl,
  NetworkOutput,
  NetworkStatement,
  Position,
  TrainDecl,
  TrainItem,
} from '../parser/ast.js';
import { layoutBlock, withTrailing, type BlockMember, type Printed } from './layoutBlock.js';
import { printCall, printExpr, printNameOrCall, printRange, printShape, printType } from './printExpr.js';

const bodyIndent = '  ';

/** `source` is the text the comments' positions refer to. */
export function declarationMember(declaration: Declaration, source: string): BlockMember {
  return { span: declaration.span, print: (inner) => printDeclaration(declaration, inner, source) };
}

function printDeclaration(declaration: Declaration, inner: readonly Comment[], source: string): Printed {
  switch (declaration.kind) {
    case 'NetworkDecl':
      return printNetwork(declaration, inner, source);
    case 'TrainDecl':
      return printTrain(declaration, inner, source);
    default:
      // A one-line declaration: comments written inside it move above it.
      return { hoisted: inner, lines: [printSimpleDeclaration(declaration)] };
  }
}

function printSimpleDeclaration(declaration: Exclude<Declaration, NetworkDecl | TrainDecl>): string {
  switch (declaration.kind) {
    case 'ModelDecl':
      return `model ${declaration.name.name}`;
    case 'ParamDecl':
      return `param ${declaration.name.name} = ${printExpr(declaration.value)}`;
    case 'DataDecl':
      return printData(declaration);
    case 'LatentDecl':
      return `latent ${declaration.name.name}: ${printType(declaration.type)} ~ ${printCall(declaration.distribution)}`;
    case 'LetDecl': {
      const names = declaration.names.map((name) => name.name).join(', ');
      return `let ${declaration.destructured ? `(${names})` : names} = ${printExpr(declaration.value)}`;
    }
    case 'LossDecl':
      return `loss ${declaration.name.name} = ${printExpr(declaration.value)}`;
  }
}

function printData(data: DataDecl): string {
  const fields = data.fields.map((field) => `${field.name.name}: ${printType(field.type)}`).join(', ');
  const scale = data.scale ? ` scale ${printRange(data.scale)}` : '';
  return `data ${fields} from ${printCall(data.source)}${scale}`;
}

// ───────────────────────────── blocks ─────────────────────────────

function printNetwork(network: NetworkDecl, inner: readonly Comment[], source: string): Printed {
  const inputs = network.inputs.map((input) => `${input.name.name}: ${printType(input.type)}`).join(', ');
  const init = network.init ? ` init ${printNameOrCall(network.init)}` : '';
  const header = `network ${network.name.name}(${inputs}) -> ${printOutput(network.output)}${init}`;
  // `{` ends the header's last line: the line of the output shape or the init.
  const headerEnd = (network.init ?? network.output).span.end;
  return printBlock(header, headerEnd, network.body.map(statementMember), inner, source);
}

function printOutput(output: NetworkOutput): string {
  if (output.kind === 'SingleOutput') return printShape(output.shape);
  return `(${output.outputs.map((named) => `${named.name.name}: ${printShape(named.shape)}`).join(', ')})`;
}

function statementMember(statement: NetworkStatement): BlockMember {
  const pipeline = statement.stages.map(printNameOrCall).join(' |> ');
  const line = statement.target ? `${statement.target.name} = ${pipeline}` : pipeline;
  return { span: statement.span, print: (inner) => ({ hoisted: inner, lines: [line] }) };
}

function printTrain(train: TrainDecl, inner: readonly Comment[], source: string): Printed {
  const keywordEnd = { ...train.span.start, offset: train.span.start.offset + 'train'.length };
  return printBlock('train', keywordEnd, train.items.map(trainItemMember), inner, source);
}

function trainItemMember(item: TrainItem): BlockMember {
  return { span: item.span, print: (inner) => ({ hoisted: inner, lines: [printTrainItem(item)] }) };
}

function printTrainItem(item: TrainItem): string {
  switch (item.kind) {
    case 'StepItem': {
      const over = item.over.map((name) => name.name).join(', ');
      const repeat = item.repeat ? ` repeat ${printExpr(item.repeat)}` : '';
      return `step ${item.name.name}: ${item.direction} ${printExpr(item.objective)} over ${over} with ${printCall(item.optimizer)}${repeat}`;
    }
    case 'SettingItem':
      return `${item.setting} ${printExpr(item.value)}`;
    case 'EmaItem':
      return `ema ${item.network.name} ${printExpr(item.decay)}`;
    case 'SampleItem':
      return `sample ${printExpr(item.value)} every ${printExpr(item.every)}`;
    case 'CheckpointItem':
      return `checkpoint every ${printExpr(item.every)}`;
    case 'EvalItem': {
      const sources = item.heldOut.map((h) => `${h.name.name} from ${printCall(h.source)}`).join(', ');
      return `eval ${sources ? `${sources} ` : ''}every ${printExpr(item.every)}`;
    }
  }
}

/**
 * `header {`, the members indented, `}`. Of the comments inside: those in the
 * header move above the declaration, those on the `{` line after the header
 * stay there, and the rest belong to the body.
 */
function printBlock(
  header: string,
  headerEnd: Position,
  members: readonly BlockMember[],
  inner: readonly Comment[],
  source: string,
): Printed {
  const firstMember = members[0]?.span.start.offset ?? Infinity;
  const hoisted = inner.filter((comment) => comment.span.start.offset < headerEnd.offset);
  const opening = inner.filter(
    (comment) =>
      comment.span.start.offset >= headerEnd.offset &&
      comment.span.start.line === headerEnd.line &&
      comment.span.start.offset < firstMember,
  );
  const body = inner.filter((comment) => !hoisted.includes(comment) && !opening.includes(comment));
  const lines = layoutBlock(members, body, { source, indent: bodyIndent, blankBefore: () => 'preserve' });
  if (lines.length === 0 && opening.length === 0) return { hoisted, lines: [`${header} {}`] };
  return { hoisted, lines: [withTrailing(`${header} {`, opening, source), ...lines, '}'] };
}
