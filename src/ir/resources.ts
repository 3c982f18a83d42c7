// What a training run will hold in memory, estimated from the IR before any
// tensor exists, and the limits (src/ir/limits.ts) it must stay within. The
// checker reports a problem at the spec's `batch`/`steps`; `aeganc train`
// runs the same test after `--batch`/`--steps`/`--epochs` replace them.

import type { ExprNode, IrModule, Network, Optimizer, SourceRef } from './types.js';
import { dependencies } from './dependencies.js';
import { MAX_STEP_EXECUTIONS, MAX_TENSOR_ELEMENTS, MAX_TRAINING_BYTES, formatBytes, formatCount } from './limits.js';

const FLOAT_BYTES = 4;

export interface ResourceEstimate {
  /** Trainable weights plus non-trainable state (batchnorm statistics, spectral-norm vectors). */
  readonly parameters: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Every weight and state tensor, as float32. */
  readonly weightBytes: number;
  /** Optimizer slots of every step, one step's gradients at a time, EMA copies. */
  readonly trainingStateBytes: number;
  readonly batch: number;
  /**
   * The largest step (or sample grid) for one batch: every value its forward
   * pass computes, kept for the backward pass, and as much again for their gradients.
   */
  readonly activationBytes: number;
  readonly totalBytes: number;
  /** The largest value one step computes, batch axis included. */
  readonly largestValue?: { readonly what: string; readonly elements: number; readonly source: SourceRef };
}

export function estimateResources(ir: IrModule): ResourceEstimate {
  const trainable = ir.weights.reduce((total, w) => total + elements(w.shape), 0);
  const nonTrainable = ir.state.reduce((total, s) => total + elements(s.shape), 0);
  const weightSize = new Map(ir.weights.map((w) => [w.id, elements(w.shape)]));
  const stepWeights = ir.train.steps.map((step) => step.weights.reduce((total, id) => total + (weightSize.get(id) ?? 0), 0));
  const optimizerSlots = ir.train.steps.reduce((total, step, i) => total + optimizerSlotCount(step.optimizer) * stepWeights[i]!, 0);
  const gradients = Math.max(0, ...stepWeights);
  const networks = new Map(ir.networks.map((n) => [n.name, n]));
  const ema = ir.train.ema.reduce((total, e) => total + (networks.get(e.network)?.parameterCount ?? 0), 0);

  let largest: ResourceEstimate['largestValue'];
  const note = (what: string, count: number, source: SourceRef) => {
    if (!largest || count > largest.elements) largest = { what, elements: count, source };
  };
  const forward = (roots: readonly number[], batch: number, backward: boolean) => {
    const applied = new Set<string>();
    let total = 0;
    for (const id of dependencies(ir.nodes, roots)) {
      const node = ir.nodes[id]!;
      total += valueElements(node, batch, note);
      const network = appliedNetwork(node, networks);
      if (network && !applied.has(`${network.name}#${callOf(node)}`)) {
        applied.add(`${network.name}#${callOf(node)}`);
        // A penalty runs the network again on its own input and differentiates twice.
        const passes = node.op === 'gradient_penalty' || node.op === 'r1_penalty' ? 3 : 1;
        total += passes * networkElements(network, batch, note);
      }
    }
    return backward ? 2 * total : total;
  };
  const batch = ir.train.batch;
  const perStep = ir.train.steps.map((step) => forward([step.objective], batch, true));
  const perSample = ir.train.samples.map((sample) => forward([sample.node], sample.count, false));
  const activationBytes = FLOAT_BYTES * Math.max(0, ...perStep, ...perSample);
  const weightBytes = FLOAT_BYTES * (trainable + nonTrainable);
  const trainingStateBytes = FLOAT_BYTES * (optimizerSlots + gradients + ema);
  return {
    parameters: trainable + nonTrainable,
    trainable,
    nonTrainable,
    weightBytes,
    trainingStateBytes,
    batch,
    activationBytes,
    totalBytes: weightBytes + trainingStateBytes + activationBytes,
    ...(largest ? { largestValue: largest } : {}),
  };
}

/** A limit a run would break, in words; `setting` says which train setting to lower. */
export interface ResourceProblem {
  readonly kind: 'tensor' | 'memory' | 'executions';
  readonly setting: 'batch' | 'length';
  readonly args: Readonly<Record<string, string>>;
  readonly hint: string;
}

/** Every limit the module's training would break (an empty list: it fits). */
export function resourceProblems(ir: IrModule, estimate: ResourceEstimate = estimateResources(ir)): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  const value = estimate.largestValue;
  if (value && value.elements > MAX_TENSOR_ELEMENTS) {
    problems.push({
      kind: 'tensor',
      setting: 'batch',
      args: { what: `with batch ${formatCount(estimate.batch)}, ${value.what} (line ${value.source.line})`, count: formatCount(value.elements), limit: formatCount(MAX_TENSOR_ELEMENTS) },
      hint: `tfjs indexes a tensor with 32-bit integers; lower the batch to at most ${formatCount(Math.max(1, Math.floor(MAX_TENSOR_ELEMENTS / (value.elements / estimate.batch))))}`,
    });
  }
  if (estimate.totalBytes > MAX_TRAINING_BYTES) {
    problems.push({
      kind: 'memory',
      setting: 'batch',
      args: {
        estimate: formatBytes(estimate.totalBytes),
        detail: `${formatBytes(estimate.weightBytes)} of weights, ${formatBytes(estimate.trainingStateBytes)} of optimizer state and gradients, ${formatBytes(estimate.activationBytes)} of activations for a batch of ${formatCount(estimate.batch)}`,
        limit: formatBytes(MAX_TRAINING_BYTES),
      },
      hint: estimate.activationBytes > estimate.weightBytes + estimate.trainingStateBytes
        ? 'lower the batch, or make the layers narrower; the wasm backend cannot address more than 4 GiB'
        : 'make the networks smaller (fewer or narrower layers); the wasm backend cannot address more than 4 GiB',
    });
  }
  const executions = stepExecutions(ir);
  if (executions > MAX_STEP_EXECUTIONS) {
    const length = ir.train.length;
    const repeats = ir.train.steps.reduce((total, s) => total + s.repeat, 0);
    const counted = length.kind === 'steps' ? `${formatCount(length.iterations)} steps` : `${formatCount(length.epochs)} epochs (at least one iteration each)`;
    problems.push({
      kind: 'executions',
      setting: 'length',
      args: { what: `the number of step executions, ${counted} × ${formatCount(repeats)} per iteration,`, value: formatCount(executions), limit: formatCount(MAX_STEP_EXECUTIONS) },
      hint: 'each step execution draws its noise from its own 32-bit seed stream; train for fewer iterations or repeat less',
    });
  }
  return problems;
}

/** Step executions the run makes at least: iterations (or epochs, one iteration each at the least) × the repeats of all steps. */
export function stepExecutions(ir: IrModule): number {
  const repeats = ir.train.steps.reduce((total, s) => total + s.repeat, 0);
  const iterations = ir.train.length.kind === 'steps' ? ir.train.length.iterations : ir.train.length.epochs;
  return iterations * repeats;
}

function optimizerSlotCount(optimizer: Optimizer): number {
  switch (optimizer.kind) {
    case 'adam': return 2;
    case 'adamw': return 2;
    case 'rmsprop': return optimizer.momentum > 0 ? 2 : 1;
    case 'sgd': return optimizer.momentum > 0 ? 1 : 0;
  }
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

type Note = (what: string, count: number, source: SourceRef) => void;

/** One expression node's value over a batch: a scalar is one number, anything else has a batch axis. */
function valueElements(node: ExprNode, batch: number, note: Note): number {
  const perExample = node.type.kind === 'class' ? 1 : node.type.shape.length === 0 ? 0 : elements(node.type.shape);
  if (perExample === 0) return 1;
  const count = batch * perExample;
  note(`a batch of \`${node.op === 'data' ? node.attrs.field : node.op === 'latent' ? node.attrs.name : node.op}\``, count, node.source);
  return count;
}

function networkElements(network: Network, batch: number, note: Note): number {
  let total = 0;
  for (const node of network.nodes) {
    const count = batch * elements(node.shape);
    note(`the output of \`${node.name}\` in \`${network.name}\``, count, node.source);
    total += count;
  }
  return total;
}

function appliedNetwork(node: ExprNode, networks: ReadonlyMap<string, Network>): Network | undefined {
  return node.op === 'apply' || node.op === 'gradient_penalty' || node.op === 'r1_penalty' ? networks.get(node.attrs.network) : undefined;
}

function callOf(node: ExprNode): number {
  return node.op === 'apply' || node.op === 'gradient_penalty' || node.op === 'r1_penalty' ? node.attrs.call : -1;
}
