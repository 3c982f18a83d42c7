// A network declaration elaborated into IR: its initialiser, its body
// (./networkBody.ts), its outputs checked against the declared shapes, and
// the names nothing reads.

import type { NetworkDecl } from '../parser/ast.js';
import type { Init, Network, Shape } from '../ir/types.js';
import type { Reporter } from './context.js';
import { bindArguments } from './bindArguments.js';
import { evaluateFloat32, type ConstantScope } from './constants.js';
import { elementCount, formatShape, sameShape } from './shapes.js';
import { didYouMean } from './suggest.js';
import { sourceOf } from './sourceOf.js';
import { NetworkBody, type BodyBinding, type BodyValue, type ModuleTables, type NetworkSignature } from './networkBody.js';

export type { ModuleTables, NetworkSignature } from './networkBody.js';

/** Where in the body each node came from, for later warnings. */
export interface ElaboratedNetwork {
  readonly network: Network;
  /** The activation that produces each output, for range warnings (undefined: linear). */
  readonly outputActivations: readonly (string | undefined)[];
}

const DEFAULT_INIT: Init = { kind: 'glorot_uniform' };

export function resolveInit(decl: NetworkDecl, scope: ConstantScope, reporter: Reporter): Init {
  const init = decl.init;
  if (!init) return DEFAULT_INIT;
  const name = init.kind === 'Name' ? init.name : init.callee.name;
  if (name === 'glorot_uniform' || name === 'he_normal') {
    if (init.kind === 'Call' && init.args.length > 0) {
      reporter.report('WrongArity', init.span, { callee: name, expected: 'no arguments', actual: init.args.length });
    }
    return { kind: name };
  }
  if (name === 'normal') {
    const args = bindArguments(init.kind === 'Call' ? init.args : [], { name: 'normal', params: [{ name: 'mean' }, { name: 'std' }] }, reporter, init.span);
    const mean = args.values.get('mean');
    const std = args.values.get('std');
    const meanValue = mean ? evaluateFloat32(mean, scope, reporter, 'mean') : undefined;
    const stdValue = std ? evaluateFloat32(std, scope, reporter, 'std') : undefined;
    if (meanValue === undefined || stdValue === undefined) return DEFAULT_INIT;
    return { kind: 'normal', mean: meanValue, std: stdValue };
  }
  reporter.report('UnknownCallee', init.kind === 'Name' ? init.span : init.callee.span, { what: 'initialiser', name }, {
    hint: didYouMean(name, ['glorot_uniform', 'he_normal', 'normal']) ?? 'use glorot_uniform, he_normal or normal(mean, std)',
  });
  return DEFAULT_INIT;
}

/**
 * Infers the shape of every layer of a network body and builds its IR
 * (./networkBody.ts follows the statements). Returns undefined (after
 * reporting) when the body cannot be followed.
 */
export function elaborateNetwork(
  decl: NetworkDecl,
  signature: NetworkSignature,
  networkNames: ReadonlySet<string>,
  scope: ConstantScope,
  tables: ModuleTables,
  reporter: Reporter,
): ElaboratedNetwork | undefined {
  const name = decl.name.name;
  const body = new NetworkBody(decl, signature, networkNames, scope, tables, reporter, resolveInit(decl, scope, reporter));
  if (!body.bindInputs()) return undefined;
  if (decl.body.length === 0) {
    reporter.report('EmptyBody', decl.name.span, { network: name }, { hint: 'add layers, one per line: `dense(64) |> relu`' });
    return undefined;
  }
  if (!body.elaborateStatements()) return undefined;

  const resolved = resolveOutputs(decl, signature, { previous: body.previous!, bound: body.bound, shapeOf: (v) => body.shapeOf(v) }, reporter);
  if (!resolved) return undefined;
  const { outputs, outputActivations } = resolved;
  reportUnusedNames(decl, body.bound, reporter);

  // One pass over the weights, not a search per weight: 10,000 layers made that quadratic.
  const ownWeights = new Set(body.weightIds);
  const parameterCount = tables.weights.reduce((total, w) => total + (ownWeights.has(w.id) ? elementCount(w.shape) : 0), 0);
  return {
    network: {
      name,
      inputs: signature.inputs.map((i) => ({ name: i.name, shape: i.shape! })),
      outputs,
      nodes: body.nodes,
      weights: body.weightIds,
      state: body.stateIds,
      parameterCount,
      source: sourceOf(decl.span),
    },
    outputActivations,
  };
}

/** The network's outputs: the last statement's value, or each named output's binding; undefined after reporting. */
function resolveOutputs(
  decl: NetworkDecl,
  signature: NetworkSignature,
  body: { readonly previous: BodyValue; readonly bound: ReadonlyMap<string, BodyBinding>; shapeOf(value: BodyValue): Shape },
  reporter: Reporter,
): { outputs: Network['outputs'][number][]; outputActivations: (string | undefined)[] } | undefined {
  const name = decl.name.name;
  const { bound, shapeOf } = body;
  const outputs: Network['outputs'][number][] = [];
  const outputActivations: (string | undefined)[] = [];
  const last = decl.body[decl.body.length - 1]!;
  let ok = true;
  if (decl.output.kind === 'SingleOutput') {
    const declared = signature.outputs[0]!.shape;
    const value = body.previous;
    const actual = shapeOf(value);
    if (declared && !sameShape(declared, actual)) {
      reporter.report('DeclaredOutputShape', decl.output.shape.span, { network: name, what: 'output', expected: formatShape(declared), actual: formatShape(actual) }, {
        label: `body computes ${formatShape(actual)}`,
        hint: outputHint(declared, actual, last.span.start.line),
      });
      return undefined;
    }
    outputs.push({ name: null, node: value.node, shape: actual });
    outputActivations.push(value.activation);
  } else {
    decl.output.outputs.forEach((output, index) => {
      const entry = bound.get(output.name.name);
      if (!entry || entry.isInput) {
        reporter.report('OutputNotBound', output.name.span, { name: output.name.name, network: name }, { hint: `bind it in the body: \`${output.name.name} = h |> dense(…)\`` });
        ok = false;
        return;
      }
      entry.used = true;
      const declared = signature.outputs[index]!.shape;
      const actual = shapeOf(entry.value);
      if (declared && !sameShape(declared, actual)) {
        reporter.report('DeclaredOutputShape', output.shape.span, { network: name, what: `output \`${output.name.name}\` as`, expected: formatShape(declared), actual: formatShape(actual) }, { label: `body computes ${formatShape(actual)}` });
        ok = false;
        return;
      }
      outputs.push({ name: output.name.name, node: entry.value.node, shape: actual });
      outputActivations.push(entry.value.activation);
    });
    if (!ok) return undefined;
  }
  return { outputs, outputActivations };
}

/** A bound name that nothing reads is probably a mistake (the last one is the output). */
function reportUnusedNames(decl: NetworkDecl, bound: ReadonlyMap<string, BodyBinding>, reporter: Reporter): void {
  const last = decl.body[decl.body.length - 1]!;
  for (const [boundName, entry] of bound) {
    const isLastTarget = last.target?.name === boundName && decl.output.kind === 'SingleOutput';
    if (!entry.used && !isLastTarget) {
      // Found here, where the body's names are known, but it is the unusedNames rule's finding.
      reporter.forRule('unusedNames').report('UnusedName', entry.span, { what: entry.isInput ? 'input' : 'value', name: boundName }, {
        hint: entry.isInput ? 'start a pipeline with it, or remove it from the inputs' : 'use it in a later statement or remove the binding',
      });
    }
  }
}

function outputHint(declared: Shape, actual: Shape, lastLine: number): string {
  if (elementCount(declared) === elementCount(actual)) {
    return `end the body with \`reshape([${declared.join(', ')}])\` (line ${lastLine} computes ${formatShape(actual)})`;
  }
  return `declare \`-> ${formatShape(actual)}\`, or change the last layer to produce ${formatShape(declared)}`;
}
