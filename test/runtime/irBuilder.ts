// Builds IrModule objects by hand, so runtime tests don't depend on the front
// end. Only what the tests need; shapes are given, not inferred.
import type {
  DataSource,
  ExprNode,
  Init,
  IrModule,
  LayerNode,
  Latent,
  Network,
  Optimizer,
  Shape,
  StateTensor,
  Step,
  Train,
  ValueType,
  Weight,
  Distribution,
  Binding,
} from '../../src/ir/types.js';

const at = { line: 1, column: 1 };
type Attrs = Record<string, unknown>;

export class NetworkBuilder {
  readonly nodes: LayerNode[] = [];
  private counts = new Map<string, number>();
  constructor(
    readonly name: string,
    private readonly module: IrBuilder,
    private readonly init: Init,
  ) {}

  input(index: number, shape: Shape): number {
    return this.push('input', [], shape, { index });
  }

  /** Adds a layer; `shape` is the per-example output shape. */
  layer(op: LayerNode['op'], inputs: number[], shape: Shape, attrs: Attrs = {}): number {
    return this.push(op, inputs, shape, attrs);
  }

  dense(x: number, inShape: Shape, units: number, spectral = false): number {
    const name = this.layerName('dense');
    const fanIn = inShape[inShape.length - 1]!;
    const kernel = this.module.weight(this.name, name, 'kernel', [fanIn, units], this.init, fanIn, units);
    const bias = this.module.weight(this.name, name, 'bias', [units], { kind: 'zeros' }, fanIn, units);
    const attrs: Attrs = { units, kernel, bias };
    if (spectral) attrs.spectral = { u: this.module.state(this.name, name, 'power_u', [1, units], { kind: 'normal', mean: 0, std: 1 }), iterations: 1, epsilon: 1e-12 };
    return this.push('dense', [x], [...inShape.slice(0, -1), units], attrs, name);
  }

  conv(op: 'conv2d' | 'conv2d_transpose', x: number, cin: number, filters: number, k: number, stride: number, padding: 'same' | 'valid', outShape: Shape): number {
    const name = this.layerName(op);
    const shape = op === 'conv2d' ? [k, k, cin, filters] : [k, k, filters, cin];
    const kernel = this.module.weight(this.name, name, 'kernel', shape, this.init, k * k * cin, k * k * filters);
    const bias = this.module.weight(this.name, name, 'bias', [filters], { kind: 'zeros' }, 1, 1);
    return this.push(op, [x], outShape, { filters, kernelSize: k, stride, padding, kernel, bias }, name);
  }

  batchnorm(x: number, shape: Shape, momentum = 0.99, epsilon = 1e-3): number {
    const name = this.layerName('batchnorm');
    const c = shape[shape.length - 1]!;
    const gamma = this.module.weight(this.name, name, 'gamma', [c], { kind: 'ones' }, c, c);
    const beta = this.module.weight(this.name, name, 'beta', [c], { kind: 'zeros' }, c, c);
    const movingMean = this.module.state(this.name, name, 'moving_mean', [c], { kind: 'zeros' });
    const movingVariance = this.module.state(this.name, name, 'moving_variance', [c], { kind: 'ones' });
    return this.push('batchnorm', [x], shape, { gamma, beta, movingMean, movingVariance, momentum, epsilon }, name);
  }

  layernorm(x: number, shape: Shape, epsilon = 1e-3): number {
    const name = this.layerName('layernorm');
    const c = shape[shape.length - 1]!;
    const gamma = this.module.weight(this.name, name, 'gamma', [c], { kind: 'ones' }, c, c);
    const beta = this.module.weight(this.name, name, 'beta', [c], { kind: 'zeros' }, c, c);
    return this.push('layernorm', [x], shape, { gamma, beta, epsilon }, name);
  }

  dropout(x: number, shape: Shape, rate: number): number {
    return this.push('dropout', [x], shape, { rate, slot: this.module.slot() });
  }

  private layerName(op: string): string {
    const n = (this.counts.get(op) ?? 0) + 1;
    this.counts.set(op, n);
    return `${op}_${n}`;
  }

  private push(op: string, inputs: number[], shape: Shape, attrs: Attrs, name = this.layerName(op)): number {
    this.nodes.push({ op, name, inputs, shape, attrs, source: at } as unknown as LayerNode);
    return this.nodes.length - 1;
  }
}

export class IrBuilder {
  private weights: Weight[] = [];
  private stateTensors: StateTensor[] = [];
  private networks: Network[] = [];
  private nodes: ExprNode[] = [];
  private data: DataSource[] = [];
  private latents: Latent[] = [];
  private losses: Binding[] = [];
  private steps: Step[] = [];
  private slots = 0;
  private calls = 0;
  autoencoder: IrModule['autoencoder'];

  slot(): number {
    return this.slots++;
  }

  weight(network: string, layer: string, role: Weight['role'], shape: Shape, init: Init, fanIn: number, fanOut: number): string {
    const id = `${network}/${layer}/${role}`;
    this.weights.push({ id, network, layer, role, shape, init, fanIn, fanOut });
    return id;
  }

  state(network: string, layer: string, role: StateTensor['role'], shape: Shape, init: Init): string {
    const id = `${network}/${layer}/${role}`;
    this.stateTensors.push({ id, network, layer, role, shape, init });
    return id;
  }

  /** Declares a network; `body` returns the output node(s), with optional output names. */
  network(
    name: string,
    inputs: { name: string; shape: Shape }[],
    body: (n: NetworkBuilder) => { node: number; shape: Shape; name?: string }[],
    init: Init = { kind: 'glorot_uniform' },
  ): void {
    const builder = new NetworkBuilder(name, this, init);
    const before = this.weights.length;
    const stateBefore = this.stateTensors.length;
    inputs.forEach((input, i) => builder.input(i, input.shape));
    const outputs = body(builder).map((o) => ({ name: o.name ?? null, node: o.node, shape: o.shape }));
    const weights = this.weights.slice(before).map((w) => w.id);
    const parameterCount = this.weights.slice(before).reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1), 0);
    this.networks.push({
      name,
      inputs,
      outputs,
      nodes: builder.nodes,
      weights,
      state: this.stateTensors.slice(stateBefore).map((s) => s.id),
      parameterCount,
      source: at,
    });
  }

  /** A data source with one example field (and optionally a label field); returns the fields' nodes. */
  dataSource(field: string, shape: Shape, label?: { name: string; classes: number }): number[] {
    const index = this.data.length;
    const fields: DataSource['fields'][number][] = [{ name: field, type: { kind: 'tensor', shape }, role: 'example' }];
    if (label) fields.push({ name: label.name, type: { kind: 'class', classes: label.classes }, role: 'label' });
    this.data.push({ index, spec: { kind: 'npy', path: 'test.npy' }, fields, range: [0, 1], source: at });
    return fields.map((f) => this.node('data', [], f.type, { source: index, field: f.name }));
  }

  latent(name: string, type: ValueType, distribution: Distribution): number {
    this.latents.push({ name, type, distribution, slot: this.slot(), source: at });
    return this.node('latent', [], type, { name });
  }

  apply(network: string, inputs: number[]): number[] {
    const net = this.networks.find((n) => n.name === network)!;
    const call = this.calls++;
    return net.outputs.map((o, output) => this.node('apply', inputs, { kind: 'tensor', shape: o.shape }, { network, call, output }));
  }

  /** Any expression node; scalars by default. */
  node(op: ExprNode['op'], inputs: number[], type: ValueType = { kind: 'tensor', shape: [] }, attrs: Attrs = {}): number {
    const id = this.nodes.length;
    this.nodes.push({ op, id, inputs, type, attrs, source: at } as unknown as ExprNode);
    return id;
  }

  constant(value: number): number {
    return this.node('const', [], undefined, { value });
  }

  /** Gradient penalty and r1 numbering, as the checker does: a call id (and a slot for the penalty). */
  penalty(op: 'gradient_penalty' | 'r1_penalty', network: string, inputs: number[]): number {
    const attrs: Attrs = { network, call: this.calls++ };
    if (op === 'gradient_penalty') attrs.slot = this.slot();
    return this.node(op, inputs, undefined, attrs);
  }

  loss(name: string, node: number): number {
    this.losses.push({ name, node });
    return node;
  }

  step(name: string, objective: number, over: string[], optimizer: Optimizer, options: { repeat?: number; reports?: Binding[] } = {}): void {
    const weights = this.weights.filter((w) => over.includes(w.network)).map((w) => w.id);
    const reports = options.reports ?? this.losses.filter((l) => l.node === objective);
    this.steps.push({ name, objective, reports, over, weights, optimizer, repeat: options.repeat ?? 1, source: at });
  }

  build(train: Partial<Train> = {}): IrModule {
    return {
      name: 'test_model',
      file: 'test.aegan',
      params: [],
      data: this.data,
      latents: this.latents,
      networks: this.networks,
      weights: this.weights,
      state: this.stateTensors,
      nodes: this.nodes,
      lets: [],
      losses: this.losses,
      train: {
        steps: this.steps,
        batch: 4,
        length: { kind: 'steps', iterations: 10 },
        seed: 1,
        ema: [],
        samples: [],
        ...train,
      },
      ...(this.autoencoder ? { autoencoder: this.autoencoder } : {}),
      slotCount: this.slots,
    };
  }
}

export const adam = (lr = 1e-2): Optimizer => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
export const sgd = (lr = 0.1, momentum = 0): Optimizer => ({ kind: 'sgd', lr, momentum });
