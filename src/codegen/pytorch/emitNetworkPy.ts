// One `nn.Module` per network, named after it: its weights as parameters in
// torch's layouts, and a `forward` with one line per layer node, each under
// a comment quoting the `.aegan` line it came from.

import type { IrModule, Network, Shape, Weight } from '../../ir/types.js';
import type { NameScope } from '../identifiers.js';
import { renderLayer } from './layerTable.js';
import { pyComment, pyCommentLines, pyDocstring, pythonScope, wrapStatement } from './pythonText.js';

/** Which layout conversion a weight takes between the spec and torch. */
export type WeightLayout = 'dense' | 'conv2d' | 'conv2d_transpose' | null;

export function weightLayout(ir: IrModule, weight: Weight): WeightLayout {
  if (weight.role !== 'kernel') return null;
  const network = ir.networks.find((n) => n.name === weight.network);
  const node = network?.nodes.find((n) => n.name === weight.layer);
  return node?.op === 'dense' || node?.op === 'conv2d' || node?.op === 'conv2d_transpose' ? node.op : null;
}

/** The weight's shape as torch holds it. */
export function torchShape(shape: Shape, layout: WeightLayout): number[] {
  if (layout === 'dense') return [shape[1]!, shape[0]!];
  if (layout === 'conv2d' || layout === 'conv2d_transpose') return [shape[3]!, shape[2]!, shape[0]!, shape[1]!];
  return [...shape];
}

/** The module attribute of each weight: `<layer>_<role>`, unique in its network. */
export function weightAttributes(network: Network, weights: ReadonlyMap<string, Weight>): Map<string, string> {
  const scope = pythonScope(['forward', 'training', 'to', 'cuda', 'cpu', 'parameters', 'state_dict']);
  return new Map(network.weights.map((id) => {
    const w = weights.get(id)!;
    return [id, scope.claim(`${w.layer}_${w.role}`)];
  }));
}

export interface NetworkClass {
  readonly className: string;
  readonly text: string;
  readonly attributes: ReadonlyMap<string, string>;
}

export function emitNetworkClass(ir: IrModule, network: Network, className: string, sourceLines: readonly string[], globals: NameScope): NetworkClass {
  const weights = new Map(ir.weights.map((w) => [w.id, w] as const));
  const attributes = weightAttributes(network, weights);
  const locals = globals.child();
  const inputs = network.inputs.map((input) => locals.claim(input.name));
  const values = network.nodes.map((node) => (node.op === 'input' ? inputs[node.attrs.index]! : locals.claim(node.name)));

  const init = network.weights.map((id) => {
    const w = weights.get(id)!;
    const shape = torchShape(w.shape, weightLayout(ir, w));
    return `        self.${attributes.get(id)} = nn.Parameter(torch.empty(${shape.join(', ')}))`;
  });
  const body: string[] = [];
  let lastLine = -1;
  network.nodes.forEach((node, i) => {
    if (node.op === 'input') return;
    if (node.source.line !== lastLine) {
      lastLine = node.source.line;
      const text = sourceLines[node.source.line - 1]?.trim();
      body.push(...pyCommentLines('        ', `line ${node.source.line}: ${text ?? node.op}`));
    }
    const expression = renderLayer(node, {
      arg: (k) => values[node.inputs[k]!]!,
      args: node.inputs.map((k) => values[k]!),
      argShape: (k) => network.nodes[node.inputs[k]!]!.shape,
      weight: (id) => `self.${attributes.get(id)}`,
    });
    body.push(wrapStatement('        ', `${values[i]} = `, expression));
  });
  const outputs = network.outputs.map((o) => values[o.node]!);
  const signature = ['self', 'ctx', 'call', ...inputs].join(', ');
  const shapes = network.inputs.map((input) => `${input.name}: [${input.shape.join(', ')}]`).join(', ');
  const outText = network.outputs.map((o) => `${o.name ? `${o.name}: ` : ''}[${o.shape.join(', ')}]`).join(', ');
  const text = [
    `class ${className}(nn.Module):`,
    pyDocstring(
      '    ',
      `network ${pyComment(network.name)}(${pyComment(shapes)}) -> ${pyComment(outText)}, line ${network.source.line}: ` +
        `${network.parameterCount} parameters. \`forward\` returns the outputs as a tuple; image values are NCHW.`,
    ),
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length > 0 ? init : ['        pass']),
    '',
    `    def forward(${signature}):`,
    ...body,
    `        return (${outputs.join(', ')},)`,
  ].join('\n');
  return { className, text, attributes };
}
