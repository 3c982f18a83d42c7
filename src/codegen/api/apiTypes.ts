// The exported types of a generated module's API: the params, the options
// of `createModel`, `train`, inference and `sample`, the losses, a batch and
// the training data, each named after the spec's names.

import type { DataSource } from '../../ir/types.js';
import { commentText, numberLiteral } from '../identifiers.js';
import type { ApiContext } from './apiContext.js';

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function emitApiTypes(ctx: ApiContext): string[] {
  return [
    paramsConstant(ctx),
    modelOptions(ctx),
    lossesInterface(ctx),
    ...batchAndDataTypes(ctx),
    trainOptions(ctx),
    inferenceOptions(ctx),
    ...(ctx.ir.train.samples.length > 0 ? [sampleOptions(ctx)] : []),
  ];
}

function paramsConstant({ ir, names, properties }: ApiContext): string {
  return `/** The spec's params. Shapes depend on them, so they are fixed when the module is built: rebuild with \`aeganc build --set NAME=VALUE\` to change one. */
export const ${names.params} = { ${ir.params.map((p) => `${properties.params.get(p.name)}: ${numberLiteral(p.value)}`).join(', ')} } as const;`;
}

function modelOptions({ ir, names, properties }: ApiContext): string {
  const paramMembers = ir.params.map((p) => `  /** \`param ${commentText(p.name)} = ${p.value}\`: fixed at build time (see ${names.params}). */\n  readonly ${properties.params.get(p.name)}?: ${numberLiteral(p.value)};`);
  return `/** Options of \`createModel\`. */
export interface ${names.options} {
  /** Seeds every random draw: initial weights, batches' order, noise (the spec's \`seed ${ir.train.seed}\`). */
  readonly seed?: number;
  /** Examples per batch (the spec's \`batch ${ir.train.batch}\`). */
  readonly batch?: number;
${paramMembers.join('\n')}
}`;
}

function lossesInterface({ names, properties }: ApiContext): string {
  const lossMembers = [...properties.losses].map(([name, prop]) => `  /** \`loss ${commentText(name)}\`. */\n  readonly ${prop}: number;`);
  return `/** The losses one iteration reports: the last value of each step's loss. */\nexport interface ${names.losses} {\n${lossMembers.join('\n')}\n}`;
}

/** One batch (tensors), the batch feed of `trainStep`, and the training data (typed arrays). */
function batchAndDataTypes({ ir, names, properties }: ApiContext): string[] {
  const batchMembers: string[] = [];
  const dataMembers: string[] = [];
  for (const source of ir.data) {
    for (const f of source.fields) {
      const [batchMember, dataMember] = fieldMembers(source, f, properties.fields.get(f.name)!);
      batchMembers.push(batchMember);
      dataMembers.push(dataMember);
    }
  }
  return [
    `/** One batch of every data field. */\nexport interface ${names.batch} {\n${batchMembers.join('\n')}\n}`,
    `/** What \`trainStep\` trains on: one batch for every step execution of the iteration, or a function giving a fresh batch to each step execution that reads data. */\nexport type ${names.batchFeed} = ${names.batch} | (() => ${names.batch});`,
    `/** Training data: every field's examples, one after another (the same count in each field of a data source). */\nexport interface ${names.data} {\n${dataMembers.join('\n')}\n}`,
  ];
}

/** A field's member of the batch type and of the data type. */
function fieldMembers(source: DataSource, f: DataSource['fields'][number], prop: string): [string, string] {
  if (f.type.kind === 'class') {
    return [
      `  /** \`${commentText(f.name)}\`: class labels 0..${f.type.classes - 1}, int32 [batch]. */\n  readonly ${prop}: Tensor;`,
      `  /** \`${commentText(f.name)}\`: one int32 label (0..${f.type.classes - 1}) per example. */\n  readonly ${prop}: Int32Array;`,
    ];
  }
  const size = f.type.shape.reduce((p, d) => p * d, 1);
  return [
    `  /** \`${commentText(f.name)}\`: float32 [batch, ${f.type.shape.join(', ')}], values in ${source.range[0]}..${source.range[1]}. */\n  readonly ${prop}: Tensor;`,
    `  /** \`${commentText(f.name)}\`: ${size} float32 values per example (${shapeText(f.type.shape)}, row-major), in ${source.range[0]}..${source.range[1]}. */\n  readonly ${prop}: Float32Array;`,
  ];
}

function trainOptions({ ir, names }: ApiContext): string {
  return `/** Options of \`train\`. */
export interface ${names.trainOptions} {
  readonly data: ${names.data};
  /** Iterations to run; by default, until the spec's length (${ir.train.length.kind === 'steps' ? `\`steps ${ir.train.length.iterations}\`` : `\`epochs ${ir.train.length.epochs}\``}) is reached. */
  readonly steps?: number;
  /** Called after every iteration with its number (1-based) and losses. */
  readonly onStep?: (iteration: number, losses: ${names.losses}) => void | Promise<void>;
}`;
}

function inferenceOptions({ names }: ApiContext): string {
  return `/** Options of inference. */
export interface ${names.inferenceOptions} {
  /** Use the exponential moving averages of the weights where the spec keeps one (\`ema\`). */
  readonly ema?: boolean;
}`;
}

function sampleOptions({ names, hasData, sampleSources }: ApiContext): string {
  return `/** Options of \`sample\`. */
export interface ${names.sampleOptions} extends ${names.inferenceOptions} {
  /** Which \`sample\` item of the train block (0-based, in spec order). */
  readonly which?: number;${hasData && sampleSources.some((s) => s.size > 0) ? `\n  /** The data a sample item reads, if it reads any. */\n  readonly batch?: ${names.batch};` : ''}
}`;
}
