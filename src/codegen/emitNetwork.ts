// One TypeScript function per network: its layers in body order, one `const`
// per layer, each rendered by the layer op table's TypeScript entry
// (./typescriptOps.ts), which calls the numerics function the interpreter's
// entry calls (src/numerics/layerOps.ts), with the same arguments.

import type { IrModule, Network, Shape, SpectralNorm } from '../ir/types.js';
import { describeLayer } from '../ir/ops/layers.js';
import { NameScope, commentText, numberLiteral, stringLiteral } from './identifiers.js';
import { renderTableLayer, type LayerRenderer } from './typescriptOps.js';

/** How generated code refers to one network: its function and, for named outputs, its output type. */
export interface NetworkBinding {
  readonly network: Network;
  readonly functionName: string;
  /** Property names of named outputs, in output order; undefined for a single unnamed output. */
  readonly outputProperties?: readonly string[];
  readonly outputType?: string;
}

export interface EmittedCode {
  readonly text: string;
  /** Shared helpers the text calls. */
  readonly helpers: ReadonlySet<string>;
}

const shapeText = (shape: Shape): string => `[${shape.join(', ')}]`;


/** Binds each network's function (and output type) names in the module scope, in declaration order. */
export function bindNetworks(ir: IrModule, scope: NameScope, typeName: (wanted: string) => string): NetworkBinding[] {
  return ir.networks.map((network) => {
    const functionName = scope.claim(network.name);
    if (network.outputs.length === 1 && network.outputs[0]!.name === null) return { network, functionName };
    const properties = NameScope.properties();
    const outputProperties = network.outputs.map((o, i) => properties.claim(o.name ?? `output${i}`));
    return { network, functionName, outputProperties, outputType: typeName(`${network.name}Outputs`) };
  });
}

/** The function of one network, with its output interface when it has named outputs. */
export function emitNetwork(binding: NetworkBinding, ir: IrModule, scope: NameScope): EmittedCode {
  const { network } = binding;
  const helpers = new Set<string>(['ForwardContext', 'Tensor']);
  const locals = scope.child(['ctx', 'call']);
  const params = network.inputs.map((input) => locals.claim(input.name));
  const values: string[] = [];
  const lines: string[] = [];
  const renderer = rendererFor(helpers);

  network.nodes.forEach((node, index) => {
    if (node.op === 'input') {
      values[index] = params[node.attrs.index]!;
      return;
    }
    const args = node.inputs.map((i) => values[i]!);
    const call = renderTableLayer(node, args, renderer);
    if (call === args[0] && node.inputs.length === 1) {
      // A layer that is the identity here (dropout with rate 0) adds no statement.
      values[index] = args[0]!;
      return;
    }
    const name = locals.claim(node.name);
    values[index] = name;
    lines.push(`// ${node.source.line}:${node.source.column} ${commentText(describeLayer(node))} → ${shapeText(node.shape)}`);
    lines.push(`const ${name} = ${call};`);
  });

  const outputs = network.outputs.map((o) => values[o.node]!);
  let returnType = 'Tensor';
  let interfaceText = '';
  if (binding.outputProperties) {
    returnType = binding.outputType!;
    lines.push(`return { ${binding.outputProperties.map((p, i) => `${p}: ${outputs[i]}`).join(', ')} };`);
    const members = binding.outputProperties.map((p, i) => `  /** ${shapeText(network.outputs[i]!.shape)} per example. */\n  readonly ${p}: Tensor;`);
    interfaceText = `/** The outputs of \`${commentText(network.name)}\`. */\nexport interface ${returnType} {\n${members.join('\n')}\n}\n\n`;
  } else {
    lines.push(`return ${outputs[0]};`);
  }

  const signature = network.inputs.map((input) => `${commentText(input.name)}: ${shapeText(input.shape)}`).join(', ');
  const result = network.outputs.map((o) => (o.name ? `${commentText(o.name)}: ${shapeText(o.shape)}` : shapeText(o.shape))).join(', ');
  const doc = [
    '/**',
    ` * network ${commentText(network.name)}(${signature}) -> ${network.outputs.length > 1 || network.outputs[0]!.name ? `(${result})` : result}`,
    ` * (${commentText(ir.file)}:${network.source.line}), ${network.parameterCount.toLocaleString('en-US')} parameters.`,
    ' * Inputs and outputs are batches; `call` numbers this application in the IR (it seeds dropout and noise).',
    ' */',
  ].join('\n');
  const paramList = ['ctx: ForwardContext', 'call: number', ...params.map((p) => `${p}: Tensor`)].join(', ');
  const text = `${interfaceText}${doc}\nfunction ${binding.functionName}(${paramList}): ${returnType} {\n${lines.join('\n')}\n}`;
  return { text, helpers };
}

/** The renderer a network's layers are emitted with: helpers it calls are recorded in `helpers`. */
function rendererFor(helpers: Set<string>): LayerRenderer {
  const use = (helper: string, ...rest: string[]): string => {
    helpers.add(helper);
    return `${helper}(${rest.join(', ')})`;
  };
  const weight = (id: string): string => `ctx.weight(${stringLiteral(id)})`;
  const kernel = (id: string, spectral: SpectralNorm | undefined): string => {
    if (!spectral) return weight(id);
    const attrs = `{ u: ${stringLiteral(spectral.u)}, iterations: ${numberLiteral(spectral.iterations)}, epsilon: ${numberLiteral(spectral.epsilon)} }`;
    return use('maybeSpectral', weight(id), attrs, 'ctx');
  };
  return { use, weight, kernel };
}
