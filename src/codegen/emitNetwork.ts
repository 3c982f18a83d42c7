// One TypeScript function per network: its layers in body order, one `const`
// per layer, each calling the runtime helper that src/numerics/network.ts's
// `applyLayer` calls for that op, with the same arguments. Attributes that
// the interpreter reads off tensors at run time but the IR already knows
// (pool padding, conv2d_transpose output sizes) are written as literals.

import type { IrModule, LayerNode, Network, Shape, SpectralNorm } from '../ir/types.js';
import { NameScope, commentText, numberLiteral, stringLiteral } from './identifiers.js';

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

/** `[1, 2]` as code. */
export function shapeLiteral(shape: Shape): string {
  return `[${shape.map(numberLiteral).join(', ')}]`;
}

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

  network.nodes.forEach((node, index) => {
    if (node.op === 'input') {
      values[index] = params[node.attrs.index]!;
      return;
    }
    const args = node.inputs.map((i) => values[i]!);
    const call = layerCall(node, args, network, helpers);
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

/** The layer as the spec wrote it, for the comment above its line. */
function describeLayer(node: LayerNode): string {
  switch (node.op) {
    case 'dense':
      return `${node.attrs.spectral ? 'spectral_norm(' : ''}dense(${node.attrs.units})${node.attrs.spectral ? ')' : ''}`;
    case 'conv2d':
    case 'conv2d_transpose': {
      const a = node.attrs;
      const inner = `${node.op}(${a.filters}, kernel: ${a.kernelSize}, stride: ${a.stride}, padding: ${a.padding})`;
      return node.op === 'conv2d' && node.attrs.spectral ? `spectral_norm(${inner})` : inner;
    }
    case 'reshape':
      return `reshape(${shapeText(node.attrs.target)})`;
    case 'dropout':
      return `dropout(${node.attrs.rate})`;
    case 'gaussian_noise':
      return `gaussian_noise(${node.attrs.std})`;
    case 'upsample':
      return `upsample(${node.attrs.factor})`;
    case 'maxpool':
    case 'avgpool':
      return `${node.op}(${node.attrs.size})`;
    case 'leaky_relu':
      return `leaky_relu(${node.attrs.alpha})`;
    default:
      return node.op;
  }
}

const weight = (id: string): string => `ctx.weight(${stringLiteral(id)})`;

function kernelOf(kernel: string, spectral: SpectralNorm | undefined, helpers: Set<string>): string {
  if (!spectral) return weight(kernel);
  helpers.add('maybeSpectral');
  const attrs = `{ u: ${stringLiteral(spectral.u)}, iterations: ${numberLiteral(spectral.iterations)}, epsilon: ${numberLiteral(spectral.epsilon)} }`;
  return `maybeSpectral(${weight(kernel)}, ${attrs}, ctx)`;
}

/** The expression computing `node` from `args`, exactly as network.ts's `applyLayer` does. */
function layerCall(node: LayerNode, args: readonly string[], network: Network, helpers: Set<string>): string {
  const x = args[0]!;
  const use = (helper: string, ...rest: string[]): string => {
    helpers.add(helper);
    return `${helper}(${rest.join(', ')})`;
  };
  switch (node.op) {
    case 'input':
      throw new Error('internal: inputs have no call');
    case 'dense':
      return use('applyDense', x, kernelOf(node.attrs.kernel, node.attrs.spectral, helpers), weight(node.attrs.bias));
    case 'conv2d':
      return use('applyConv2d', x, kernelOf(node.attrs.kernel, node.attrs.spectral, helpers), weight(node.attrs.bias), numberLiteral(node.attrs.stride), stringLiteral(node.attrs.padding));
    case 'conv2d_transpose': {
      const [h, w, c] = node.shape;
      const outShape = `[${x}.shape[0]!, ${numberLiteral(h!)}, ${numberLiteral(w!)}, ${numberLiteral(c!)}]`;
      return use('applyConv2dTranspose', x, weight(node.attrs.kernel), weight(node.attrs.bias), outShape, numberLiteral(node.attrs.stride), stringLiteral(node.attrs.padding));
    }
    case 'flatten':
      return use('applyFlatten', x);
    case 'reshape':
      return use('applyReshape', x, shapeLiteral(node.attrs.target));
    case 'batchnorm': {
      const a = node.attrs;
      const ids = `{ gamma: ${stringLiteral(a.gamma)}, beta: ${stringLiteral(a.beta)}, movingMean: ${stringLiteral(a.movingMean)}, movingVariance: ${stringLiteral(a.movingVariance)}, momentum: ${numberLiteral(a.momentum)}, epsilon: ${numberLiteral(a.epsilon)} }`;
      return use('applyBatchnorm', 'ctx', x, ids);
    }
    case 'layernorm':
      return use('applyLayernorm', x, weight(node.attrs.gamma), weight(node.attrs.beta), numberLiteral(node.attrs.epsilon));
    case 'dropout':
      if (!(node.attrs.rate > 0)) return x;
      return `ctx.training ? ${use('applyDropout', x, numberLiteral(node.attrs.rate), `ctx.seed(${numberLiteral(node.attrs.slot)}, call)`)} : ${x}`;
    case 'gaussian_noise':
      return `ctx.training ? ${use('applyGaussianNoise', x, numberLiteral(node.attrs.std), `ctx.seed(${numberLiteral(node.attrs.slot)}, call)`)} : ${x}`;
    case 'upsample':
      return use('applyUpsample', x, numberLiteral(node.attrs.factor));
    case 'maxpool':
    case 'avgpool': {
      // network.ts's poolPadding(x.shape[1], node.shape[0], size): the input height is known here.
      const inputHeight = network.nodes[node.inputs[0]!]!.shape[0]!;
      const padding = node.shape[0] === Math.floor(inputHeight / node.attrs.size) ? 'valid' : 'same';
      return use(node.op === 'maxpool' ? 'applyMaxpool' : 'applyAvgpool', x, numberLiteral(node.attrs.size), stringLiteral(padding));
    }
    case 'concat':
      return use('applyConcat', `[${args.join(', ')}]`);
    case 'add':
      return use('applyAdd', `[${args.join(', ')}]`);
    case 'relu':
      return use('applyRelu', x);
    case 'sigmoid':
      return use('applySigmoid', x);
    case 'tanh':
      return use('applyTanh', x);
    case 'softmax':
      return use('applySoftmax', x);
    case 'leaky_relu':
      return use('applyLeakyRelu', x, numberLiteral(node.attrs.alpha));
  }
}
