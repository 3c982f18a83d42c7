import { basename, extname } from 'node:path';
import type { Identifier, SourceFile, Span } from '../parser/ast.js';
import type { DataSource, ExprNode, IrModule, Latent, Network, StateTensor, ValueType, Weight } from '../ir/types.js';
import { sourcesRead } from '../ir/dependencies.js';
import { type Result } from '../diagnostics/diagnostic.js';
import { Reporter, type CheckRule } from './context.js';
import { collectDeclarations } from './collectDeclarations.js';
import { resolveParams } from './resolveParams.js';
import { elaborateData, elaborateLatent, evaluateType } from './elaborateSources.js';
import { elaborateNetwork, type ModuleTables, type NetworkSignature } from './elaborateNetwork.js';
import { ExpressionElaborator, type ExpressionScope } from './elaborateExpressions.js';
import type { ConstantScope } from './constants.js';
import { elaborateTrain } from './elaborateTrain.js';
import { withContainedLosses } from './reportedLosses.js';
import { elaborateEvaluation } from './elaborateEvaluation.js';
import { checkStepDependencies } from './rules/stepDependencies.js';
import { checkRanges } from './rules/rangeWarnings.js';
import { checkUnusedNames } from './rules/unusedNames.js';
import { detectAutoencoder } from './detectAutoencoder.js';
import { checkNumberLiterals } from './rules/numberLiterals.js';
import { checkBidiControls } from './rules/bidiControls.js';
import { checkResourceLimits } from './rules/resourceLimits.js';

export interface CheckOptions {
  /** `--set name=value`: replaces a param's declared value. */
  readonly overrides?: Readonly<Record<string, number>>;
  /**
   * Report only these families of checks (a rule's test, as graphql-js's
   * `expectValidationErrors(rule, …)`). Every check still runs, and an error
   * of a family left out still withholds the IR. Absent: report all.
   */
  readonly rules?: readonly CheckRule[];
}

/**
 * What the checker inferred, kept even when the file has errors, for tools
 * that show it where the cursor is (`aeganc lsp`'s hover).
 */
export interface CheckFacts {
  /** Every node of the top-level expressions (lets, losses, steps, samples), with the span it came from. */
  readonly expressions: readonly { readonly span: Span; readonly type: ValueType }[];
  /** The networks whose bodies elaborated; their layer nodes carry shapes and source positions. */
  readonly networks: readonly Network[];
  readonly weights: readonly Weight[];
  readonly state: readonly StateTensor[];
}

/**
 * Checks a parsed file and, when it has no errors, lowers it to the IR.
 * Every check runs even after an error, so one run reports every problem it can.
 */
export function checkModule(file: SourceFile, options: CheckOptions = {}): Result<IrModule> {
  const { facts: _facts, ...result } = checkModuleWithFacts(file, options);
  return result;
}

/** `checkModule`, plus the shapes it inferred on the way. */
export function checkModuleWithFacts(file: SourceFile, options: CheckOptions = {}): Result<IrModule> & { readonly facts: CheckFacts } {
  const reporter = new Reporter(file.path, options.rules && new Set(options.rules));
  const decls = collectDeclarations(file, reporter.forRule('declarations'));
  checkNumberLiterals(file, reporter.forRule('numberLiterals'));
  checkBidiControls(file, reporter.forRule('bidiControls'));
  const resolved = resolveParams(decls.params, options.overrides ?? {}, reporter.forRule('params'));
  const params = new UsageTrackingMap(resolved.values, resolved.failed);

  let slots = 0;
  const nextSlot = () => slots++;
  const tables: ModuleTables = { weights: [] as Weight[], state: [] as StateTensor[], nextSlot };

  const { data, dataScope, latents, latentScope, ok: dataOk } = elaborateModuleSources(decls, params, nextSlot, reporter.forRule('sources'));
  const { networks, failedNetworks, outputActivations } = elaborateNetworks(decls, params, tables, reporter.forRule('networks'));

  const expressions = elaborateBindings(decls, { params, data: dataScope, latents: latentScope, networks }, nextSlot, reporter.forRule('expressions'));
  const train = decls.train ? elaborateTrain(decls.train, networks, expressions, params, decls.data.length > 0, reporter.forRule('train')) : undefined;
  if (train) checkStepDependencies(train.steps, expressions.nodes, reporter.forRule('stepDependencies'));
  checkRanges({ nodes: expressions.nodes, spans: expressions.spans, data, outputActivations }, reporter.forRule('rangeWarnings'));
  // Without a train block every loss is unused; E0209 already says what is wrong.
  const used = new Set([...expressions.used, ...params.usedKeys, ...(decls.train ? [] : decls.losses.map((l) => l.name.name))]);
  checkUnusedNames(decls, used, reporter.forRule('unusedNames'));

  const facts: CheckFacts = {
    expressions: expressions.nodes.map((node) => ({ span: expressions.spans.get(node.id)!, type: node.type })),
    networks: [...networks].filter(([name, network]) => network && !failedNetworks.has(name)).map(([, network]) => network!),
    weights: tables.weights,
    state: tables.state,
  };
  const complete = train && dataOk && failedNetworks.size === 0;
  if (reporter.errorCount > 0 || !complete) return { diagnostics: reporter.diagnostics, facts };

  const bindingsOf = (names: readonly string[]) =>
    names.map((name) => ({ name, node: expressions.bindings.get(name)! })).filter((b) => b.node !== undefined);
  const losses = bindingsOf(decls.losses.map((d) => d.name.name));
  const sources = orderSources(data, expressions.nodes, train.train.steps.map((s) => s.objective));
  const evaluation = train.evaluation && elaborateEvaluation(train.evaluation, sources.data, reporter.forRule('train'));
  if (reporter.errorCount > 0) return { diagnostics: reporter.diagnostics, facts };
  const module: IrModule = {
    name: decls.model?.name.name ?? moduleNameFromPath(file.path),
    file: file.path,
    params: [...params].map(([name, value]) => ({ name, value })),
    data: sources.data,
    latents,
    networks: [...networks.values()] as Network[],
    weights: tables.weights,
    state: tables.state,
    nodes: sources.nodes,
    lets: bindingsOf(decls.lets.flatMap((d) => d.names.map((n) => n.name))),
    losses,
    train: withContainedLosses(evaluation ? { ...train.train, evaluation } : train.train, sources.nodes, losses),
    slotCount: slots,
  };
  // Only a complete module can be measured; what it cannot allocate is still an error.
  checkResourceLimits(module, train.spans, reporter.forRule('resourceLimits'));
  if (reporter.errorCount > 0) return { diagnostics: reporter.diagnostics, facts };
  const autoencoder = detectAutoencoder(module);
  return { value: autoencoder ? { ...module, autoencoder } : module, diagnostics: reporter.diagnostics, facts };
}

type Declarations = ReturnType<typeof collectDeclarations>;

/** The `data` and `latent` declarations, and the names they put in scope; `ok` is false when one failed (reported). */
function elaborateModuleSources(decls: Declarations, params: ConstantScope, nextSlot: () => number, reporter: Reporter) {
  const data: DataSource[] = [];
  const dataScope = new Map<string, { source: number; type: ValueType; span: Span }>();
  let ok = true;
  decls.data.forEach((decl) => {
    const { source, fields } = elaborateData(decl, data.length, params, reporter);
    if (source) data.push(source);
    else ok = false;
    for (const field of fields) dataScope.set(field.name, { source: source?.index ?? -1, type: field.type, span: field.span });
  });
  const latents: Latent[] = [];
  const latentScope = new Map<string, { type: ValueType; span: Span }>();
  for (const decl of decls.latents) {
    const latent = elaborateLatent(decl, params, reporter, nextSlot);
    if (latent) {
      latents.push(latent);
      latentScope.set(latent.name, { type: latent.type, span: decl.name.span });
    } else ok = false;
  }
  return { data, dataScope, latents, latentScope, ok };
}

/** Every network, elaborated; one whose body failed keeps its declared signature, so calls of it still check. */
function elaborateNetworks(decls: Declarations, params: ConstantScope, tables: ModuleTables, reporter: Reporter) {
  const networkNames = new Set(decls.networks.map((n) => n.name.name));
  const networks = new Map<string, Network | undefined>();
  const failedNetworks = new Set<string>();
  const outputActivations = new Map<string, readonly (string | undefined)[]>();
  for (const decl of decls.networks) {
    const signature = networkSignature(decl, params, reporter);
    const elaborated = elaborateNetwork(decl, signature, networkNames, params, tables, reporter);
    if (networks.has(decl.name.name)) continue;
    if (elaborated) {
      networks.set(decl.name.name, elaborated.network);
      outputActivations.set(decl.name.name, elaborated.outputActivations);
    } else {
      failedNetworks.add(decl.name.name);
      networks.set(decl.name.name, declaredOnly(signature, decl.span));
    }
  }
  return { networks, failedNetworks, outputActivations };
}

/** Every `let` and `loss`, elaborated in source order (each elaborates what it names first). */
function elaborateBindings(
  decls: Declarations,
  scope: Pick<ExpressionScope, 'params' | 'data' | 'latents' | 'networks'>,
  nextSlot: () => number,
  reporter: Reporter,
): ExpressionElaborator {
  const isFirst = (id: Identifier) => decls.names.get(id.name)?.id === id;
  const expressions = new ExpressionElaborator(
    {
      ...scope,
      // A name declared twice means its first declaration (the second was reported).
      lets: new Map(decls.lets.flatMap((d) => d.names.filter(isFirst).map((n) => [n.name, d] as const))),
      losses: new Map(decls.losses.filter((d) => isFirst(d.name)).map((d) => [d.name.name, d])),
      declared: new Set(decls.names.keys()),
    },
    reporter,
    nextSlot,
  );
  for (const decl of [...decls.lets, ...decls.losses].sort((a, b) => a.span.start.offset - b.span.start.offset)) {
    const name = decl.kind === 'LetDecl' ? decl.names[0]!.name : decl.name.name;
    expressions.binding(name);
  }
  return expressions;
}

/**
 * A network whose body failed still has a declared signature: applications of
 * it are checked against that, so one run reports mistakes on both sides.
 */
function declaredOnly(signature: NetworkSignature, span: Span): Network | undefined {
  if (signature.inputs.some((i) => !i.shape) || signature.outputs.some((o) => !o.shape)) return undefined;
  return {
    name: signature.name,
    inputs: signature.inputs.map((i) => ({ name: i.name, shape: i.shape! })),
    outputs: signature.outputs.map((o, node) => ({ name: o.name, node, shape: o.shape! })),
    nodes: [],
    weights: [],
    state: [],
    parameterCount: 0,
    source: { line: span.start.line, column: span.start.column },
  };
}

function networkSignature(decl: import('../parser/ast.js').NetworkDecl, params: ReadonlyMap<string, number>, reporter: Reporter): NetworkSignature {
  const inputs = decl.inputs.map((input) => {
    const type = evaluateType(input.type, params, reporter);
    if (type?.kind === 'class') {
      reporter.report('ClassMisuse', input.type.span, { name: input.name.name, type: `class[${type.classes}]`, problem: 'a network input never takes a label directly' }, {
        hint: `declare \`${input.name.name}: [${type.classes}]\` and pass \`one_hot(label)\``,
      });
    }
    return { name: input.name.name, shape: type?.kind === 'tensor' ? type.shape : undefined, span: input.name.span };
  });
  const shapeOf = (shape: import('../parser/ast.js').ShapeType) => {
    const type = evaluateType(shape, params, reporter);
    return type?.kind === 'tensor' ? type.shape : undefined;
  };
  const outputs = decl.output.kind === 'SingleOutput'
    ? [{ name: null, shape: shapeOf(decl.output.shape) }]
    : decl.output.outputs.map((o) => ({ name: o.name.name, shape: shapeOf(o.shape) }));
  return { name: decl.name.name, inputs, outputs };
}

/**
 * The IR lists only the data sources the spec reads (an unused one would be
 * loaded for nothing), the first of them one that a step reads: epochs count
 * its passes (docs/ir.md), so it must move as training goes on.
 */
function orderSources(data: readonly DataSource[], nodes: readonly ExprNode[], stepRoots: readonly number[]): { data: DataSource[]; nodes: ExprNode[] } {
  const used = sourcesRead(nodes, nodes.map((n) => n.id));
  const readBySteps = sourcesRead(nodes, stepRoots);
  const first = data.find((d) => readBySteps.has(d.index));
  const ordered = [...(first ? [first] : []), ...data.filter((d) => d !== first && used.has(d.index))];
  const renumber = new Map(ordered.map((d, index) => [d.index, index]));
  return {
    data: ordered.map((d, index) => ({ ...d, index })),
    nodes: nodes.map((n) => (n.op === 'data' ? { ...n, attrs: { ...n.attrs, source: renumber.get(n.attrs.source)! } } : n)),
  };
}

/** Records which params were read, so unused ones can be reported. */
class UsageTrackingMap extends Map<string, number> {
  readonly usedKeys: Set<string>;
  /** A failed param is still a param: its uses are neither unknown names nor reported again. */
  constructor(values: ReadonlyMap<string, number>, private readonly failed: ReadonlySet<string>) {
    super(values);
    this.usedKeys = new Set(failed);
  }
  override has(key: string): boolean {
    return super.has(key) || this.failed.has(key);
  }
  override get(key: string): number | undefined {
    if (super.has(key)) this.usedKeys.add(key);
    return super.get(key);
  }
}

/** `examples/mnist-ae.aegan` → `mnist_ae`: a valid identifier for generated code. */
export function moduleNameFromPath(path: string): string {
  const stem = basename(path, extname(path)).replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(stem) ? stem : `model_${stem}`;
}

