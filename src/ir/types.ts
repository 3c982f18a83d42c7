// The IR: the one typed graph that both back ends (src/numerics, src/codegen)
// read. Everything they must agree on is decided here: every shape, the order
// in which weights are created, and which random draw each stochastic node
// makes (see `RandomSlot` and docs/ir.md for how a slot becomes a seed).
//
// Shapes are per example: the batch axis is implicit, as in the language.
// A scalar is `[]`. All params are already resolved to numbers.

export type Shape = readonly number[];

/** Where a node came from, for comments in generated code and runtime errors. */
export interface SourceRef {
  readonly line: number;
  readonly column: number;
}

// ───────────────────────────── initialisers ─────────────────────────────

export type Init =
  | { readonly kind: 'glorot_uniform' }
  | { readonly kind: 'he_normal' }
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' };

// ───────────────────────────── networks ─────────────────────────────

/**
 * A trainable tensor. `id` is unique in the module (`G/dense_1/kernel`).
 * Weights are listed in creation order, which is also the order of their
 * random draws at initialisation: networks in declaration order, layers in
 * body order, then `kernel`, `bias`, `gamma`, `beta`.
 */
export interface Weight {
  readonly id: string;
  readonly network: string;
  readonly layer: string;
  readonly role: 'kernel' | 'bias' | 'gamma' | 'beta';
  readonly shape: Shape;
  readonly init: Init;
  /** `fanIn`/`fanOut` as Keras computes them, for glorot and he. */
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Non-trainable state: batchnorm moving statistics, spectral norm's `u`. */
export interface StateTensor {
  readonly id: string;
  readonly network: string;
  readonly layer: string;
  readonly role: 'moving_mean' | 'moving_variance' | 'power_u';
  readonly shape: Shape;
  readonly init: Init;
}

export type Padding = 'same' | 'valid';

/** Rows and columns a `pad` adds or a `crop` removes: [top, bottom, left, right], as Keras's ((top, bottom), (left, right)). */
export type Sides = readonly [number, number, number, number];

/** `zero` fills with 0; `reflect` mirrors without repeating the edge (torch's ReflectionPad2d). */
export type PadMode = 'zero' | 'reflect';

/** `nearest` and `bilinear` as torch's F.interpolate defaults (align_corners=False): docs/reference.md. */
export type ResizeMethod = 'nearest' | 'bilinear';

/** One layer application inside a network. `inputs` index earlier nodes. */
export type LayerNode =
  | LayerBase<'input', { readonly index: number }>
  | LayerBase<'dense', { readonly units: number; readonly kernel: string; readonly bias: string; readonly spectral?: SpectralNorm }>
  | LayerBase<'conv2d', ConvAttrs & { readonly spectral?: SpectralNorm }>
  | LayerBase<'conv2d_transpose', ConvAttrs>
  | LayerBase<'flatten', {}>
  | LayerBase<'reshape', { readonly target: Shape }>
  | LayerBase<'batchnorm', { readonly gamma: string; readonly beta: string; readonly movingMean: string; readonly movingVariance: string; readonly momentum: number; readonly epsilon: number }>
  | LayerBase<'layernorm', { readonly gamma: string; readonly beta: string; readonly epsilon: number }>
  | LayerBase<'dropout', { readonly rate: number; readonly slot: number }>
  | LayerBase<'gaussian_noise', { readonly std: number; readonly slot: number }>
  | LayerBase<'upsample', { readonly factor: number }>
  | LayerBase<'instancenorm', { readonly epsilon: number; readonly gamma?: string; readonly beta?: string }>
  | LayerBase<'pad', { readonly sides: Sides; readonly mode: PadMode }>
  | LayerBase<'crop', { readonly sides: Sides }>
  | LayerBase<'resize', { readonly height: number; readonly width: number; readonly method: ResizeMethod }>
  | LayerBase<'maxpool' | 'avgpool', PoolNodeAttrs>
  | LayerBase<'concat' | 'add', {}>
  | LayerBase<'relu' | 'sigmoid' | 'tanh' | 'softmax', {}>
  | LayerBase<'leaky_relu', { readonly alpha: number }>;

export type LayerOp = LayerNode['op'];

/** Every layer kind but `input` (a network's parameter, not a layer of its body): the op tables' keys. */
export type BodyLayerOp = Exclude<LayerOp, 'input'>;

/** The IR node of one kind. */
export type LayerNodeOf<Op extends LayerOp> = LayerNode & { readonly op: Op };

interface LayerBase<Op extends string, Attrs> {
  readonly op: Op;
  /** Unique within the network: `dense_1`, `conv2d_2`, or the bound name's layer. */
  readonly name: string;
  readonly inputs: readonly number[];
  readonly shape: Shape;
  readonly attrs: Attrs;
  readonly source: SourceRef;
}

export interface ConvAttrs {
  readonly filters: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: Padding;
  readonly kernel: string;
  readonly bias: string;
}

/**
 * Windows of `size` with stride `size`, as Keras's MaxPooling2D(size). The
 * padding is decided here, once: the language has no pool padding and the
 * shape rule floors (src/ir/ops/layers.ts), so it is always `valid`.
 */
export interface PoolNodeAttrs {
  readonly size: number;
  readonly padding: 'valid';
}

/** spectral_norm(dense|conv2d): one power iteration per training call. */
export interface SpectralNorm {
  readonly u: string;
  readonly iterations: number;
  readonly epsilon: number;
}

export interface NetworkOutput {
  /** `null` for a network with a single unnamed output. */
  readonly name: string | null;
  readonly node: number;
  readonly shape: Shape;
}

export interface Network {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly shape: Shape }[];
  readonly outputs: readonly NetworkOutput[];
  readonly nodes: readonly LayerNode[];
  /** Ids of this network's weights, in creation order (see `Weight`). */
  readonly weights: readonly string[];
  readonly state: readonly string[];
  readonly parameterCount: number;
  readonly source: SourceRef;
}

// ───────────────────────────── data and latents ─────────────────────────────

export type DataSourceSpec =
  | { readonly kind: 'mnist'; readonly split: 'train' | 'test' }
  | { readonly kind: 'fashion_mnist'; readonly dir: string; readonly split: 'train' | 'test' }
  | { readonly kind: 'idx'; readonly images: string; readonly labels?: string }
  | { readonly kind: 'csv'; readonly path: string; readonly label?: string }
  | { readonly kind: 'npy'; readonly path: string }
  | { readonly kind: 'images'; readonly dir: string };

/** One `data` declaration: several fields share one cursor (aligned batches). */
export interface DataSource {
  readonly index: number;
  readonly spec: DataSourceSpec;
  readonly fields: readonly DataField[];
  /** Stored range (pixels 0..255 unless the source says otherwise) mapped to `range`. */
  readonly range: readonly [number, number];
  /** `classes: [...]`: only examples whose label is one of these (ascending) are kept. */
  readonly classes?: readonly number[];
  readonly source: SourceRef;
}

export type ValueType =
  | { readonly kind: 'tensor'; readonly shape: Shape }
  | { readonly kind: 'class'; readonly classes: number };

export interface DataField {
  readonly name: string;
  /** `tensor` for the example itself; `class` for an integer label. */
  readonly type: ValueType;
  /** Which part of the source this field reads. */
  readonly role: 'example' | 'label';
}

export type Distribution =
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'categorical'; readonly classes: number };

export interface Latent {
  readonly name: string;
  readonly type: ValueType;
  readonly distribution: Distribution;
  readonly slot: number;
  readonly source: SourceRef;
}

// ───────────────────────────── the expression graph ─────────────────────────────

/**
 * A node of the expression graph of lets and losses. Nodes are stored in
 * topological order, so `inputs` always index earlier nodes. A label-valued
 * node (a `class[K]` datum or latent) has `type.kind === 'class'` and shape `[]`.
 */
export type ExprNode =
  | ExprBase<'data', { readonly source: number; readonly field: string }>
  | ExprBase<'latent', { readonly name: string }>
  | ExprBase<'const', { readonly value: number }>
  /** One output of one application of a network. Outputs of the same `call` share one forward pass. */
  | ExprBase<'apply', { readonly network: string; readonly call: number; readonly output: number }>
  | ExprBase<'add' | 'sub' | 'mul' | 'div' | 'pow', {}>
  | ExprBase<'neg', {}>
  | ExprBase<'mean' | 'sum', {}>
  | ExprBase<'log' | 'exp' | 'sqrt' | 'abs' | 'square' | 'relu' | 'softplus', {}>
  | ExprBase<'clip', { readonly low: number; readonly high: number }>
  | ExprBase<'one_hot', { readonly classes: number }>
  | ExprBase<'concat', {}>
  | ExprBase<'detach', {}>
  | ExprBase<'mse' | 'l1' | 'bce' | 'bce_logits', { readonly reduce: 'mean' | 'sum' }>
  | ExprBase<'cross_entropy', { readonly classes: number }>
  | ExprBase<'kl_normal', {}>
  | ExprBase<'reparam', { readonly slot: number }>
  | ExprBase<'noise', { readonly std: number; readonly slot: number }>
  /** Input: the image cut. A `size`×`size` square per example set to `fill`; `slot` seeds the corners. */
  | ExprBase<'cutout', { readonly size: number; readonly fill: number; readonly slot: number }>
  /** Input: the image a `cutout` cut; 1 inside that cutout's square (same `size`, same `slot`), else 0. */
  | ExprBase<'cutout_mask', { readonly size: number; readonly slot: number }>
  /** Inputs: real, fake. `call` numbers the inner application of the critic. */
  | ExprBase<'gradient_penalty', { readonly network: string; readonly call: number; readonly slot: number }>
  | ExprBase<'r1_penalty', { readonly network: string; readonly call: number }>;

export type ExprOp = ExprNode['op'];

/** The expression node of one kind. */
export type ExprNodeOf<Op extends ExprOp> = ExprNode & { readonly op: Op };

interface ExprBase<Op extends string, Attrs> {
  readonly op: Op;
  readonly id: number;
  readonly inputs: readonly number[];
  readonly type: ValueType;
  readonly attrs: Attrs;
  readonly source: SourceRef;
}

/** A `let` or `loss` name bound to a node. */
export interface Binding {
  readonly name: string;
  readonly node: number;
}

// ───────────────────────────── training ─────────────────────────────

/**
 * A learning rate that moves with the iteration (src/ir/learningRate.ts). It
 * starts at the optimizer's `lr`; `after`, `over` count iterations (0-based,
 * the train block's unit), every execution of a step in one iteration using the same rate.
 */
export type LearningRateSchedule =
  /** `lr` for `after` iterations, then a straight line to `to`, reached `over` iterations later and held. */
  | { readonly kind: 'linear'; readonly to: number; readonly after: number; readonly over: number }
  /** Half a cosine from `lr` down to `min` over `over` iterations, then `min` (CosineAnnealingLR's closed form). */
  | { readonly kind: 'cosine'; readonly min: number; readonly over: number }
  /** `lr · gamma^floor(t / every)` (StepLR). */
  | { readonly kind: 'step_decay'; readonly every: number; readonly gamma: number }
  /** `lr · gamma^t` (ExponentialLR). */
  | { readonly kind: 'exponential'; readonly gamma: number };

/** What any optimizer may add: a schedule for `lr`, clipping of the global gradient norm over the step's weights. */
export interface OptimizerControls {
  readonly schedule?: LearningRateSchedule;
  /** torch.nn.utils.clip_grad_norm_'s max_norm: gradients scaled by min(1, clipNorm / (norm + 1e-6)). */
  readonly clipNorm?: number;
}

/** A step's optimizer: its kind's hyperparameters and the controls any kind may add. */
export type Optimizer = (AdamOptimizer | AdamwOptimizer | SgdOptimizer | RmspropOptimizer) & OptimizerControls;

// Named one by one, without the controls, so that a generated module copies
// only the kinds its steps use and no schedule types unless a step has one.
export interface AdamOptimizer { readonly kind: 'adam'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number }
/** Our adam after a decoupled decay w ← w·(1 − lr·weightDecay), as torch.optim.AdamW decays. */
export interface AdamwOptimizer { readonly kind: 'adamw'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly weightDecay: number }
/** `weightDecay`: L2 added to the gradient, g + weightDecay·w (torch.optim.SGD's). */
export interface SgdOptimizer { readonly kind: 'sgd'; readonly lr: number; readonly momentum: number; readonly weightDecay?: number }
export interface RmspropOptimizer { readonly kind: 'rmsprop'; readonly lr: number; readonly rho: number; readonly momentum: number; readonly epsilon: number }

export interface Step {
  readonly name: string;
  /** The node minimised; for `maximize L` it is the node of `-L`. */
  readonly objective: number;
  /** The loss names whose values this step reports (the objective's own name if it is one). */
  readonly reports: readonly Binding[];
  readonly over: readonly string[];
  /** Weight ids updated by this step, in creation order. */
  readonly weights: readonly string[];
  readonly optimizer: Optimizer;
  readonly repeat: number;
  readonly source: SourceRef;
}

export type Length =
  | { readonly kind: 'steps'; readonly iterations: number }
  | { readonly kind: 'epochs'; readonly epochs: number };

export interface Train {
  readonly steps: readonly Step[];
  readonly batch: number;
  readonly length: Length;
  readonly seed: number;
  readonly ema: readonly { readonly network: string; readonly decay: number }[];
  readonly samples: readonly { readonly node: number; readonly every: number; readonly count: number }[];
  readonly checkpointEvery?: number;
  /** `eval every N`: every declared loss on held-out data in inference mode. */
  readonly evaluation?: Evaluation;
}

/** Held-out evaluation while training (Keras's validation_data with validation_freq). */
export interface Evaluation {
  readonly every: number;
  /** `heldOut[i]` stands in for `IrModule.data[i]`: the same fields and range, other examples. */
  readonly heldOut: readonly DataSourceSpec[];
}

/** What `reconstruct`/`encode`/`decode` mean for an autoencoder, when lowering can tell. */
export interface AutoencoderRole {
  readonly data: string;
  readonly encoder: string;
  readonly decoder: string;
  /** For a VAE the decoder reads this output of the encoder (`mu`) when reconstructing. */
  readonly codeOutput: number;
}

export interface IrModule {
  readonly name: string;
  readonly file: string;
  readonly params: readonly { readonly name: string; readonly value: number }[];
  readonly data: readonly DataSource[];
  readonly latents: readonly Latent[];
  readonly networks: readonly Network[];
  /** All weights of all networks, in creation order. */
  readonly weights: readonly Weight[];
  readonly state: readonly StateTensor[];
  readonly nodes: readonly ExprNode[];
  readonly lets: readonly Binding[];
  readonly losses: readonly Binding[];
  readonly train: Train;
  readonly autoencoder?: AutoencoderRole;
  /** How many random slots the expression graph and the networks use. */
  readonly slotCount: number;
}
