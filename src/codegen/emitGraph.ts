// The expression graph of lets and losses, as straight-line code: the nodes
// a set of roots depends on, in ascending id order, exactly as
// src/numerics/expressions/evaluate.ts's `evaluateNodes` visits them (so the
// gradient tape records the same operations in the same order). Outputs of
// one network application share one call; every use of a data field or
// latent in one execution reads the same batch, as in the interpreter.

import type { ExprNode, IrModule } from '../ir/types.js';
import { dependencies } from '../ir/dependencies.js';
import { commentText, numberLiteral, stringLiteral, type NameScope } from './identifiers.js';
import type { NetworkBinding } from './emitNetwork.js';


export interface GraphCode {
  /** Statements computing the roots, in node order. */
  readonly lines: readonly string[];
  /** The expression holding each root's value. */
  readonly roots: readonly string[];
  readonly helpers: ReadonlySet<string>;
  /** Data sources the statements read. */
  readonly sources: ReadonlySet<number>;
}

/** Names of let and loss bindings, by node: the first binding of a node names its local. */
function bindingNames(ir: IrModule): Map<number, string> {
  const names = new Map<number, string>();
  for (const binding of [...ir.lets, ...ir.losses]) if (!names.has(binding.node)) names.set(binding.node, binding.name);
  return names;
}

/**
 * Straight-line code for `roots` inside a function whose locals live in
 * `scope` and that has `ctx: ForwardContext` and `batches: BatchSource` in scope.
 */
export function emitGraph(ir: IrModule, roots: readonly number[], networks: readonly NetworkBinding[], scope: NameScope): GraphCode {
  const helpers = new Set<string>();
  const sources = new Set<number>();
  const bindings = bindingNames(ir);
  const byName = new Map(networks.map((b) => [b.network.name, b] as const));
  const values = new Map<number, string>();
  const calls = new Map<number, string>();
  const sharedLocals = new Map<string, string>();
  const lines: string[] = [];
  const use = (helper: string, ...args: string[]): string => {
    helpers.add(helper);
    return `${helper}(${args.join(', ')})`;
  };
  const local = (node: ExprNode, wanted: string): string => scope.claim(bindings.get(node.id) ?? wanted);
  const emit = (node: ExprNode, name: string, expression: string, note = ''): void => {
    const bound = bindings.get(node.id);
    const what = bound ? `${ir.losses.some((l) => l.name === bound) ? 'loss' : 'let'} ${bound}: ` : '';
    lines.push(`// ${node.source.line}:${node.source.column} ${commentText(what + describe(node) + note)}`);
    lines.push(`const ${name} = ${expression};`);
    values.set(node.id, name);
  };

  for (const id of dependencies(ir.nodes, roots)) {
    const node = ir.nodes[id]!;
    const args = node.inputs.map((i) => values.get(i)!);
    const [a, b] = args;
    switch (node.op) {
      case 'data': {
        // Every use of a field in one execution is the same batch: reuse the first local.
        const key = `data:${node.attrs.source}:${node.attrs.field}`;
        const existing = sharedLocals.get(key);
        if (existing) {
          values.set(id, existing);
          break;
        }
        sources.add(node.attrs.source);
        emit(node, local(node, node.attrs.field), `batches.data(${numberLiteral(node.attrs.source)}, ${stringLiteral(node.attrs.field)})`);
        sharedLocals.set(key, values.get(id)!);
        break;
      }
      case 'latent': {
        // Every use of a latent in one execution is the same draw: reuse the first local.
        const existing = sharedLocals.get(`latent:${node.attrs.name}`);
        if (existing) {
          values.set(id, existing);
          break;
        }
        const index = ir.latents.findIndex((l) => l.name === node.attrs.name);
        emit(node, local(node, node.attrs.name), `batches.latent(LATENTS[${index}]!)`);
        sharedLocals.set(`latent:${node.attrs.name}`, values.get(id)!);
        break;
      }
      case 'const':
        emit(node, local(node, `c${id}`), `tf.scalar(${numberLiteral(node.attrs.value)})`);
        break;
      case 'apply': {
        const binding = byName.get(node.attrs.network)!;
        let call = calls.get(node.attrs.call);
        if (!call) {
          call = scope.claim(binding.outputProperties ? `${node.attrs.network}Call${node.attrs.call}` : bindings.get(id) ?? `${node.attrs.network}${node.attrs.call}`);
          lines.push(`// ${node.source.line}:${node.source.column} ${commentText(`${node.attrs.network}(...)`)}, application ${node.attrs.call}`);
          lines.push(`const ${call} = ${binding.functionName}(ctx, ${numberLiteral(node.attrs.call)}, ${args.join(', ')});`);
          calls.set(node.attrs.call, call);
        }
        if (!binding.outputProperties) values.set(id, call);
        else {
          const property = binding.outputProperties[node.attrs.output]!;
          emit(node, local(node, `${property}${id}`), `${call}.${property}`, ` (${node.attrs.network}'s output ${property})`);
        }
        break;
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'pow':
        emit(node, local(node, `v${id}`), `tf.${node.op}(${a}, ${b})`);
        break;
      case 'neg':
      case 'log':
      case 'exp':
      case 'sqrt':
      case 'abs':
      case 'square':
      case 'relu':
      case 'softplus':
        emit(node, local(node, `v${id}`), `tf.${node.op}(${a})`);
        break;
      case 'mean':
        emit(node, local(node, `v${id}`), use('meanAll', a!));
        break;
      case 'sum':
        emit(node, local(node, `v${id}`), use('sumExamples', a!));
        break;
      case 'clip':
        emit(node, local(node, `v${id}`), `tf.clipByValue(${a}, ${numberLiteral(node.attrs.low)}, ${numberLiteral(node.attrs.high)})`);
        break;
      case 'one_hot':
        emit(node, local(node, `v${id}`), use('oneHotLabels', a!, numberLiteral(node.attrs.classes)));
        break;
      case 'concat':
        emit(node, local(node, `v${id}`), `tf.concat([${args.join(', ')}], -1)`);
        break;
      case 'detach':
        emit(node, local(node, `v${id}`), use('stopGradient', a!));
        break;
      case 'mse':
        emit(node, local(node, `v${id}`), use('mseLoss', a!, b!, stringLiteral(node.attrs.reduce)));
        break;
      case 'l1':
        emit(node, local(node, `v${id}`), use('l1Loss', a!, b!, stringLiteral(node.attrs.reduce)));
        break;
      case 'bce':
        emit(node, local(node, `v${id}`), use('bceLoss', a!, b!, stringLiteral(node.attrs.reduce)));
        break;
      case 'bce_logits':
        emit(node, local(node, `v${id}`), use('bceLogitsLoss', a!, b!, stringLiteral(node.attrs.reduce)));
        break;
      case 'cross_entropy':
        emit(node, local(node, `v${id}`), use('crossEntropyLoss', a!, b!, numberLiteral(node.attrs.classes)));
        break;
      case 'kl_normal':
        emit(node, local(node, `v${id}`), use('klNormal', a!, b!));
        break;
      case 'reparam':
        emit(node, local(node, `v${id}`), use('reparam', a!, b!, `ctx.seed(${numberLiteral(node.attrs.slot)}, 0)`));
        break;
      case 'noise':
        emit(node, local(node, `v${id}`), use('addNoise', a!, numberLiteral(node.attrs.std), `ctx.seed(${numberLiteral(node.attrs.slot)}, 0)`));
        break;
      case 'gradient_penalty':
      case 'r1_penalty': {
        const critic = byName.get(node.attrs.network)!;
        const [real, ...rest] = args;
        const extra = node.op === 'gradient_penalty' ? rest.slice(1) : rest;
        let at = real!;
        if (node.op === 'gradient_penalty') {
          at = scope.claim(`xhat${id}`);
          lines.push(`const ${at} = ${use('interpolate', real!, rest[0]!, `ctx.seed(${numberLiteral(node.attrs.slot)}, 0)`)};`);
        }
        const input = scope.claim('input');
        const applied = `${critic.functionName}(ctx, ${numberLiteral(node.attrs.call)}, ${[input, ...extra].join(', ')})`;
        const first = critic.outputProperties ? `${applied}.${critic.outputProperties[0]}` : applied;
        const gradient = use('inputGradient', `(${input}: Tensor) => ${first}`, at);
        const reduce = node.op === 'gradient_penalty' ? 'gradientPenaltyFromGradient' : 'r1FromGradient';
        emit(node, local(node, `v${id}`), use(reduce, gradient));
        break;
      }
    }
  }
  return { lines, roots: roots.map((r) => values.get(r)!), helpers, sources };
}

/** The node as an operation, for the comment above its line. */
function describe(node: ExprNode): string {
  switch (node.op) {
    case 'data':
      return `data ${node.attrs.field}`;
    case 'latent':
      return `latent ${node.attrs.name}`;
    case 'const':
      return String(node.attrs.value);
    case 'mse':
    case 'l1':
    case 'bce':
    case 'bce_logits':
      return node.attrs.reduce === 'sum' ? `${node.op}(reduce: sum)` : node.op;
    case 'gradient_penalty':
    case 'r1_penalty':
      return `${node.op}(${node.attrs.network}, ...)`;
    case 'apply':
      return 'output';
    default:
      return node.op;
  }
}
