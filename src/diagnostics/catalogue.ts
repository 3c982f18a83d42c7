// Every message aeganc can print, with a stable code, in the spirit of
// TypeScript's diagnosticMessages.json. Codes never change meaning; retired
// codes are not reused. `{name}` placeholders are filled by `makeDiagnostic`.
//
//   E01xx syntax          E02xx names and arguments    E03xx shapes
//   E04xx losses, steps   E05xx options, data, files   W06xx warnings

import type { Severity } from './diagnostic.js';

export interface CatalogueEntry {
  readonly code: string;
  readonly severity: Severity;
  readonly template: string;
  /** The hint when the call site gives none: what to do about any instance of the message. */
  readonly hint?: string;
}

function error(code: string, template: string, hint?: string): CatalogueEntry {
  return { code, severity: 'error', template, ...(hint !== undefined ? { hint } : {}) };
}
function warning(code: string, template: string): CatalogueEntry {
  return { code, severity: 'warning', template };
}

export const Messages = {
  // ── syntax ──
  InternalError: error('E0100', 'internal error in the {stage}: {detail}'),
  UnexpectedToken: error('E0101', 'unexpected {found}; expected {expected}', 'look just before it: an unclosed `(`, `[` or `{` (the error then lands where the next line starts), or a missing `,` between arguments'),
  UnexpectedCharacter: error('E0102', 'unexpected character {char}'),
  UnterminatedComment: error('E0103', 'unterminated block comment', 'close it with `*/`; block comments do not nest, and `//` comments end at the line\'s end'),
  UnterminatedString: error('E0104', 'unterminated string'),
  InvalidEscape: error('E0105', 'invalid escape sequence in string'),
  InvalidNumber: error('E0106', 'invalid number `{text}`', 'write numbers in decimal, such as 16, 0.5 or 1e-3'),
  TooDeeplyNested: error('E0107', 'this declaration nests {depth} levels deep; at most {limit} levels of brackets, unary `-` and `^` are allowed'),
  TooManyErrors: error('E0108', 'too many errors; stopping ({count} more not shown)'),

  // ── names and arguments ──
  UnknownName: error('E0201', 'unknown name `{name}`'),
  DuplicateDeclaration: error('E0202', '`{name}` is already declared'),
  UnknownCallee: error('E0203', 'unknown {what} `{name}`'),
  UnknownKeywordArgument: error('E0204', '`{callee}` has no argument `{name}`'),
  WrongArity: error('E0205', '`{callee}` takes {expected}, but {actual} given'),
  DuplicateArgument: error('E0206', 'argument `{name}` is given twice'),
  NameBoundTwice: error('E0207', '`{name}` is bound twice in network `{network}`'),
  NameShadows: error('E0208', '`{name}` shadows {what}'),
  NoTrainBlock: error('E0209', 'this file has no `train` block, and a spec needs exactly one'),
  DuplicateModel: error('E0210', 'the model is already named `{name}`'),
  MissingArgument: error('E0212', '`{callee}` needs the argument `{name}`'),
  InvalidArgumentValue: error('E0213', '`{name}` must be {expected}, not {actual}', 'docs/language.md gives the values each argument takes, with examples'),
  OutputNotBound: error('E0214', 'output `{name}` of network `{network}` is never bound in its body'),
  NetworkArity: error('E0215', '`{network}` takes {expected} input(s), but {actual} given'),
  DestructureCount: error('E0216', '`{network}` has {count} output(s) ({outputs}), but {names} names are bound to them'),
  DuplicateStep: error('E0217', 'step `{name}` is already defined'),
  NotANetwork: error('E0218', '`{name}` is {what}, not a network'),
  NotAValue: error('E0219', '`{name}` is {what}, not a value'),
  NetworkInBody: error('E0220', 'network `{name}` cannot be applied inside the body of `{network}`'),
  ParamNotConstant: error('E0221', 'param `{name}` must be a number computed from numbers and other params'),
  ParamCycle: error('E0222', 'param `{name}` depends on itself'),
  EmptyBody: error('E0223', 'network `{network}` has an empty body'),
  LayerWithoutInput: error('E0224', '`{layer}` has no input: network `{network}` takes {count} inputs, so a pipeline starts with one of them'),
  NumberOverflow: error('E0225', 'the number `{text}` is too large: as a 64-bit float it is Infinity'),
  NonFiniteValue: error('E0226', '{what} evaluates to {value}, not a finite number'),
  ValueTooLarge: error('E0227', '{what} is {value}, more than the limit of {limit}'),
  Float32Overflow: error('E0228', '{what} is {value}, which is Infinity as a float32'),
  SecondTrainBlock: error('E0229', 'this is a second `train` block (the first is at line {line}); a spec has exactly one'),
  DestructureNotNetwork: error('E0230', 'only the outputs of a network can be destructured, so ({names}) cannot be bound to {what}'),
  ValueAfterPipe: error('E0231', '`{name}` is a value, but after `|>` comes a layer'),
  ScheduleOutsideLr: error('E0232', '`{name}` takes a number, not the schedule `{schedule}(…)`; only `lr:` follows a schedule'),
  ScheduleAfterNotWhole: error('E0233', '`after` counts iterations, so it must be a whole number of 0 or more, not {value}'),
  AdamWeightDecay: error('E0234', '`adam` has no `weight_decay`; decoupled weight decay is the optimizer `adamw`'),
  ClipNormNotPositive: error('E0235', '`clip_norm` is the largest global gradient norm a step applies, so it must be a positive number, not {value}'),

  // ── shapes ──
  NetworkInputShape: error('E0301', '`{network}` expects {expected} but `{arg}` is {actual}'),
  DeclaredOutputShape: error('E0302', 'network `{network}` declares {what} {expected}, but its body computes {actual}'),
  LayerInputRank: error('E0303', '`{layer}` needs {expected}, but its input is {actual}'),
  ReshapeCount: error('E0304', 'cannot reshape {actual} ({count} elements) to {target} ({targetCount} elements)'),
  ConcatShapes: error('E0305', '`{layer}` needs {expected}; got {actual}'),
  ArithmeticShapes: error('E0306', 'cannot apply `{op}` to {left} and {right}'),
  LossShapes: error('E0307', '`{loss}` compares {target} with {pred}: the shapes differ'),
  InvalidDimension: error('E0308', 'a dimension must be a positive integer, not {value}'),
  OutputTooSmall: error('E0309', '`{layer}` on {input} leaves no output ({detail})'),
  SpectralNormTarget: error('E0310', '`spectral_norm` wraps `dense` or `conv2d`, not {what}'),
  NotAScalar: error('E0311', '{what} must be a scalar, but it is {actual}'),
  FunctionArgumentShape: error('E0312', '`{fn}` needs {expected}, but got {actual}'),
  EmptyShape: error('E0313', 'a shape needs at least one dimension'),
  TensorTooLarge: error('E0314', '{what} would hold {count} elements, more than the {limit} a tensor can hold'),
  MultiOutputAsValue: error('E0316', '`{network}` has {count} outputs ({outputs}), so applying it is not one value'),
  DataFieldCount: error('E0317', 'a data declaration reads one example and at most one label, but this one has {examples} example field(s) and {labels} label field(s)'),
  ReflectPadTooLarge: error('E0323', '`pad` with `mode: reflect` adds {pad} at the {side} of {input}, but a reflection adds at most {max} there, one less than the {size} of its {axis}'),
  CropTooLarge: error('E0324', '`crop` removes {removed} of the {size} {unit} of {input}, which leaves none'),
  ResizeSize: error('E0325', '`resize` takes a size [height, width] of positive whole numbers, not {actual}'),
  PadSides: error('E0326', '`{layer}` takes a whole number from 0 or a list [top, bottom, left, right] of them, not {actual}'),
  MemoryTooLarge: error('E0315', 'training needs about {estimate} of memory ({detail}), more than the {limit} a run can use'),

  // ── losses and training ──
  LossNotScalar: error('E0401', 'loss `{name}` must be a scalar, but it is {actual}'),
  StepMissesNetwork: error('E0402', 'step `{step}` updates `{network}`, but its loss does not depend on `{network}`\'s weights'),
  ClassMisuse: error('E0403', '`{name}` is a class label ({type}); {problem}'),
  EpochsAndSteps: error('E0405', 'the train block sets both `epochs` (line {line}) and `steps`; it may set only one'),
  BadSeed: error('E0406', '`seed` must be a whole number from 0 to 4294967295, not {value}'),
  PositiveInteger: error('E0407', '{what} must be a positive integer, not {value}', 'give a whole number from 1: 1, 2, 3, …'),
  DecayRange: error('E0408', '{what} must be between 0 and 1, not {value}'),
  DuplicateSetting: error('E0410', '`{name}` is set twice in the train block'),
  NetworkUsedTwiceInOver: error('E0411', '`{name}` is listed twice in `over`'),
  SampleNotImage: error('E0412', '`sample` draws values shaped {shape}, which no image grid can show'),
  EvalNoHeldOut: error('E0416', '`eval` needs held-out data for `{name}`, but its source {source} has no test split to hold out'),
  EvalNotData: error('E0417', '`eval` names `{name}`, which is not a field of a data declaration the losses read'),
  NoSteps: error('E0414', 'the train block has no `step`, so nothing would be trained'),
  CutoutTooLarge: error('E0424', '`cutout` cuts a {size}×{size} square, which does not fit in the {height}×{width} image {what}'),
  MaskOfNoCutout: error('E0425', '`cutout_mask` reads the square of a `cutout`, but its argument is {actual}'),
  StepsRequired: error('E0415', 'the train block must set `steps N`: {reason}, so there are no passes over data for `epochs` to count'),
  DecayFactorNotPositive: error('E0420', 'with lr {lr} and weight_decay {decay}, `adamw` multiplies every weight by 1 − lr·weight_decay = {factor} before each update, which zeroes or flips it'),

  // ── options, data and files ──
  UnknownParamOverride: error('E0501', '--set names `{name}`, which is not a param'),
  BadParamOverride: error('E0502', '--set {text}: {problem}'),
  FileNotFound: error('E0503', 'cannot read {path}: {problem}', 'check the path (a relative one is read from the spec\'s folder) and its permissions'),
  DataFormat: error('E0504', '{path}: {problem}', 'docs/reference.md ("Data") says what each format must hold'),
  DataShape: error('E0505', '{path}: {problem}'),
  BackendUnavailable: error('E0506', 'backend `{backend}` is not available: {reason}'),
  NonFiniteLoss: error('E0507', 'loss `{loss}` became {value} at step {step}'),
  CannotWrite: error('E0508', 'cannot write {path}: {problem}'),
  RunLocked: error('E0509', 'run directory {path} is in use by {holder}'),
  ChecksumMismatch: error('E0510', '{path}: the checksum does not match ({problem}); the checkpoint is damaged'),
  OutOfMemory: error('E0511', 'training stopped at step {step}: {problem}'),
  DataNotAFile: error('E0512', 'cannot read {path}: it is {what}, not a regular file'),
  DataTooLarge: error('E0513', 'cannot read {path}: it is {size}, more than the {limit} a data file may hold'),
  CsvBadValue: error('E0514', '{path}: row {row}, column {column} {problem}'),
  CsvBadLabel: error('E0515', '{path}: row {row}, column {column}: the label {problem}'),
  NonFiniteData: error('E0516', '{path}: element {position} {problem}'),
  TooFewExamples: error('E0517', '{path}: has {count} examples, fewer than the batch of {batch}'),
  RunUnusable: error('E0520', '`aeganc {command}` cannot use {run}: {reason}'),
  TooFewSamples: error('E0532', 'a Fréchet distance needs at least 2 samples, not {count}'),
  WasmThreadsUnavailable: error('E0534', 'the wasm backend cannot run on {threads} threads: {problem}'),
  ThreadsNeedWasm: error('E0535', '--threads {threads} sets the wasm backend\'s thread pool, but this run uses the `{backend}` backend'),
  WasmThreadsFixed: error('E0536', 'the wasm backend already runs on {running} thread(s) in this process and cannot switch to {threads}'),
  NotARunDirectory: error('E0524', '{path} is not a run directory: it holds none of run.json, spec.aegan and metrics.jsonl'),
  NoRunsDirectory: error('E0525', 'cannot list the runs in {path}: {problem}'),
  NothingToComplete: error('E0526', '`aeganc complete` needs an autoencoder of images or a network applied to a `cutout` image, and model `{model}` has neither'),
  MaskSizeMismatch: error('E0527', '{path}: the mask is {actual} pixels (height×width), but the images are {expected}'),
  MaskNotPng: error('E0528', '{path} is not a readable PNG mask: {problem}'),
  MaskEmpty: error('E0529', '{path}: the mask marks no pixel as missing (none is brighter than mid-gray)'),
  MaskSizeTooLarge: error('E0530', '--size {size} does not fit in the {height}×{width} images'),
  NoClassLatent: error('E0540', '--class needs a categorical latent that the sample expression reads, and model `{model}` has none'),
  ClassOutOfRange: error('E0541', '--class {value} is not a class of latent `{latent}`, whose classes are 0 to {last}'),
  NoTraversableLatent: error('E0542', '--traverse needs a normal or uniform latent that the sample expression reads, and model `{model}` has none'),
  UnknownTraverseLatent: error('E0543', '--traverse {name}: the sample expression reads no normal or uniform latent named `{name}`'),
  NotAnAutoencoder: error('E0544', '`aeganc {command}` needs an autoencoder, and model `{model}` has no loss that compares data with decoder(encoder(data))'),
  NoSplits: error('E0545', '--split {split}: data source `{source}` has no train and test splits; only mnist and fashion_mnist have them'),
  ProbeNeedsLabels: error('E0546', '--probe needs class labels and both splits, and data source `{source}` {problem}'),
  NothingToScore: error('E0547', 'model `{model}` has neither an autoencoder nor a critic (a network from `{field}`\'s shape to [1]) to score examples with'),
  EvalUnsupported: error('E0518', '`aeganc eval` cannot measure model `{model}`: {problem}'),
  EvalNoHeldOutData: error('E0519', 'run {path} has no held-out data for `{name}`: {problem}'),
  NoClassifierForData: error('E0521', 'generative metrics need a classifier trained on the data, but {source} has none (classifiers ship for mnist and fashion_mnist)'),
  SampleNotClassifiable: error('E0522', 'the sampled value is shaped {shape}, but the {dataset} classifier reads 28×28 single-channel images'),
  ClassifierUnreadable: error('E0523', 'cannot read the {dataset} classifier at {path}: {problem}'),

  // ── warnings ──
  UnusedName: warning('W0601', '{what} `{name}` is never used'),
  BceRange: warning('W0602', '`{fn}` expects a prediction in 0..1, but {pred} comes from {source}'),
  ReconstructionRange: warning('W0603', 'reconstruction compares data in {dataRange} with an output in {predRange}'),
  TrainingLengthDefault: warning('W0604', 'the train block sets neither `epochs` nor `steps`, so training runs {epochs} epoch'),
  BidiControl: warning('W0605', 'the source holds the invisible text-direction control {codepoint} ({name}), which can make this line display differently from how aeganc reads it'),
  DeadTraining: warning('W0606', 'step `{step}` {problem} for {count} iterations in a row, up to iteration {iteration}'),
  EvalOnTrainingData: warning('W0608', 'the held-out data of `{name}` is the data it trains on ({source}), so `eval` measures the fit, not how well the model generalises'),
  ScheduleLongerThanTraining: warning('W0610', 'the learning-rate schedule of step `{step}` ends at iteration {end}, but training stops after {iterations} iterations, at a rate of {reached}'),
} as const satisfies Record<string, CatalogueEntry>;

export type MessageId = keyof typeof Messages;
