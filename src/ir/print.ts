import type { ExprNode, Init, IrModule, LayerNode, Optimizer, Shape, ValueType } from './types.js';
import { describeSource } from './heldOut.js';
import { escapeControls } from '../diagnostics/escapeText.js';

// The text form of the IR (`aeganc ir`), stable enough for golden files:
// one line per node, shapes in brackets, the source line after `;`.

const shape = (s: Shape) => `[${s.join(', ')}]`;
const type = (t: ValueType) => (t.kind === 'class' ? `class[${t.classes}]` : t.shape.length === 0 ? 'scalar' : shape(t.shape));

function init(i: Init): string {
  return i.kind === 'normal' ? `normal(${i.mean}, ${i.std})` : i.kind;
}

function attributes(attrs: object, skip: readonly string[] = []): string {
  const entries = Object.entries(attrs).filter(([key]) => !skip.includes(key));
  if (entries.length === 0) return '';
  const value = (v: unknown): string => (Array.isArray(v) ? shape(v as number[]) : typeof v === 'object' && v !== null ? `{${attributes(v)}}` : typeof v === 'string' ? escapeControls(v) : String(v));
  return entries.map(([key, v]) => `${key}: ${value(v)}`).join(', ');
}

function layerLine(node: LayerNode, index: number): string {
  const inputs = node.inputs.map((i) => `%${i}`).join(', ');
  const head = node.op === 'input' ? `input ${node.name}` : `${node.op}(${attributes(node.attrs)}) ${inputs}`.replace('() ', ' ');
  return `  %${index} = ${head}`.padEnd(64) + ` ${shape(node.shape)}  ; ${node.source.line}:${node.source.column}`;
}

function exprLine(node: ExprNode): string {
  const inputs = node.inputs.map((i) => `$${i}`).join(', ');
  const attrs = attributes(node.attrs);
  const head = `${node.op}${attrs ? `{${attrs}}` : ''}${inputs ? ` ${inputs}` : ''}`;
  return `  $${node.id} = ${head}`.padEnd(64) + ` ${type(node.type)}  ; ${node.source.line}:${node.source.column}`;
}

function optimizer(o: Optimizer): string {
  const { kind, ...rest } = o;
  return `${kind}(${attributes(rest)})`;
}

export function printIr(module: IrModule): string {
  const out: string[] = [`module ${module.name}`];
  for (const p of module.params) out.push(`param ${p.name} = ${p.value}`);
  for (const d of module.data) {
    const { kind, ...spec } = d.spec;
    const classes = d.classes ? ` classes [${d.classes.join(', ')}]` : '';
    out.push(`data #${d.index} ${kind}(${attributes(spec)}) range ${d.range[0]}..${d.range[1]}${classes}`);
    for (const f of d.fields) out.push(`  ${f.name}: ${type(f.type)} (${f.role})`);
  }
  for (const l of module.latents) {
    const { kind, ...dist } = l.distribution;
    out.push(`latent ${l.name}: ${type(l.type)} ~ ${kind}(${attributes(dist)}) slot ${l.slot}`);
  }
  for (const n of module.networks) {
    const inputs = n.inputs.map((i) => `${i.name}: ${shape(i.shape)}`).join(', ');
    const outputs = n.outputs.map((o) => `${o.name ? `${o.name}: ` : ''}${shape(o.shape)} = %${o.node}`).join(', ');
    out.push('', `network ${n.name}(${inputs}) -> ${outputs}  ; ${n.parameterCount} parameters`);
    n.nodes.forEach((node, i) => out.push(layerLine(node, i)));
  }
  out.push('', 'weights');
  for (const w of module.weights) out.push(`  ${w.id} ${shape(w.shape)} ${init(w.init)} fan ${w.fanIn}/${w.fanOut}`);
  if (module.state.length) {
    out.push('state');
    for (const s of module.state) out.push(`  ${s.id} ${shape(s.shape)} ${init(s.init)}`);
  }
  out.push('', 'graph');
  for (const node of module.nodes) out.push(exprLine(node));
  for (const b of module.lets) out.push(`let ${b.name} = $${b.node}`);
  for (const b of module.losses) out.push(`loss ${b.name} = $${b.node}`);
  const t = module.train;
  out.push('', 'train');
  for (const s of t.steps) {
    out.push(`  step ${s.name}: minimize $${s.objective} over ${s.over.join(', ')} with ${optimizer(s.optimizer)} repeat ${s.repeat}; reports ${s.reports.map((r) => `${r.name}=$${r.node}`).join(', ')}`);
    out.push(`    updates ${s.weights.join(', ')}`);
  }
  out.push(`  batch ${t.batch}`);
  out.push(t.length.kind === 'steps' ? `  steps ${t.length.iterations}` : `  epochs ${t.length.epochs}`);
  out.push(`  seed ${t.seed}`);
  for (const e of t.ema) out.push(`  ema ${e.network} ${e.decay}`);
  for (const s of t.samples) out.push(`  sample $${s.node} every ${s.every} count ${s.count}`);
  if (t.checkpointEvery !== undefined) out.push(`  checkpoint every ${t.checkpointEvery}`);
  if (t.evaluation) out.push(`  eval every ${t.evaluation.every} held out ${t.evaluation.heldOut.map(describeSource).join(', ')}`);
  if (module.autoencoder) {
    const a = module.autoencoder;
    out.push(`autoencoder data ${a.data} encoder ${a.encoder} decoder ${a.decoder} code output ${a.codeOutput}`);
  }
  out.push(`slots ${module.slotCount}`);
  return `${out.join('\n')}\n`;
}
