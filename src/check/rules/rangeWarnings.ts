import type { DataSource, ExprNode } from '../../ir/types.js';
import type { Span } from '../../parser/ast.js';
import type { Reporter } from '../context.js';

type Range = readonly [number, number];

const ACTIVATION_RANGES: Record<string, Range> = {
  sigmoid: [0, 1],
  softmax: [0, 1],
  tanh: [-1, 1],
  relu: [0, Infinity],
};
const LINEAR: Range = [-Infinity, Infinity];

function formatRange([low, high]: Range): string {
  if (low === -Infinity && high === Infinity) return 'any range (a linear output)';
  return `${low}..${high === Infinity ? '∞' : high}`;
}

export interface RangeFacts {
  readonly nodes: readonly ExprNode[];
  readonly spans: ReadonlyMap<number, Span>;
  readonly data: readonly DataSource[];
  /** Per network, the activation that produces each output (undefined: linear). */
  readonly outputActivations: ReadonlyMap<string, readonly (string | undefined)[]>;
}

/** What range a node's values lie in, when the spec tells; undefined when unknown. */
function rangeOf(node: ExprNode, facts: RangeFacts): { range: Range; from: string } | undefined {
  if (node.op === 'data') {
    const source = facts.data[node.attrs.source];
    return source && { range: source.range, from: `data \`${node.attrs.field}\`` };
  }
  if (node.op === 'apply') {
    // A network whose body failed to check has no known activations: say nothing.
    const activations = facts.outputActivations.get(node.attrs.network);
    if (!activations) return undefined;
    const activation = activations[node.attrs.output];
    const range = activation ? ACTIVATION_RANGES[activation] ?? LINEAR : LINEAR;
    return { range, from: activation ? `\`${node.attrs.network}\`'s \`${activation}\` output` : `\`${node.attrs.network}\`'s linear output` };
  }
  return undefined;
}

/**
 * W0602: `bce` with a prediction that can leave 0..1. W0603: a reconstruction
 * loss between data in one range and a network output in another (tanh
 * against 0..1 data, sigmoid against -1..1 data).
 */
export function checkRanges(facts: RangeFacts, reporter: Reporter): void {
  for (const node of facts.nodes) {
    if (node.op !== 'mse' && node.op !== 'l1' && node.op !== 'bce') continue;
    const [targetId, predId] = node.inputs as [number, number];
    const pred = rangeOf(facts.nodes[predId]!, facts);
    const span = facts.spans.get(predId);
    if (node.op === 'bce' && pred && (pred.range[0] < 0 || pred.range[1] > 1)) {
      reporter.report('BceRange', span, { fn: 'bce', pred: 'the prediction', source: pred.from }, {
        label: formatRange(pred.range),
        hint: 'end the network with `sigmoid`, or use `bce_logits` on its linear output',
      });
      continue;
    }
    const target = facts.nodes[targetId]!.op === 'data' ? rangeOf(facts.nodes[targetId]!, facts) : undefined;
    if (!pred || !target) continue;
    const [pLow, pHigh] = pred.range;
    const [tLow, tHigh] = target.range;
    const bounded = Number.isFinite(pLow) || Number.isFinite(pHigh);
    if (bounded && (tLow < pLow || tHigh > pHigh || (Number.isFinite(pLow) && Number.isFinite(pHigh) && (pLow < tLow || pHigh > tHigh)))) {
      reporter.report('ReconstructionRange', span, { dataRange: `${tLow}..${tHigh} (${target.from})`, predRange: `${formatRange(pred.range)} (${pred.from})` }, {
        label: formatRange(pred.range),
        hint: tLow >= 0 ? 'end the network with `sigmoid`, or scale the data with `scale -1..1`' : 'end the network with `tanh`, or drop `scale` so the data is in 0..1',
      });
    }
  }
}
