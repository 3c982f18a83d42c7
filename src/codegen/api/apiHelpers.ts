// The module-level functions the model class calls: a batch's fields by the
// IR's names, the training data as the runtime's tables, and the losses
// object of one iteration.

import { stringLiteral } from '../identifiers.js';
import type { ApiContext } from './apiContext.js';

export function emitApiHelpers(ctx: ApiContext): string[] {
  return [fieldsOf(ctx), dataTables(ctx), lossesOf(ctx)];
}

function fieldsOf({ ir, names, properties, hasData }: ApiContext): string {
  const fieldCases = ir.data.map((source) => {
    const entries = source.fields.map((f) => `[${stringLiteral(f.name)}, batch.${properties.fields.get(f.name)}]`).join(', ');
    return `    case ${source.index}:\n      return new Map<string, Tensor>([${entries}]);`;
  });
  return `/** The fields of data source \`source\` in \`batch\`, by the IR's field names. */
function ${names.fieldsOf}(${hasData ? 'batch' : '_batch'}: ${names.batch}, source: number): ReadonlyMap<string, Tensor> {
  switch (source) {
${fieldCases.join('\n')}
    default:
      throw new Error(\`no data source \${source}\`);
  }
}`;
}

function dataTables({ ir, names, properties, hasData, helpers }: ApiContext): string {
  // DataTable always: `train` loops over the tables (none without data), so their type must be a real one, not never.
  helpers.add('DataTable');
  if (hasData) helpers.add('tableOf').add('DataCursor');
  const tables = ir.data.map((source) => {
    const entries = source.fields.map((f) => `[${stringLiteral(f.name)}, data.${properties.fields.get(f.name)}]`).join(', ');
    return `tableOf(${names.data_}[${source.index}]!, new Map<string, Float32Array | Int32Array>([${entries}]))`;
  });
  return `/** \`train\`'s data as the runtime's tables, one per data source. */
function ${names.dataTables}(${hasData ? 'data' : '_data'}: ${names.data}): DataTable[] {
  return [${tables.join(', ')}];
}`;
}

function lossesOf({ ir, names, properties, helpers }: ApiContext): string {
  helpers.add('PendingIteration');
  // The iteration's vector as TrainingState.startIteration lays it out (numerics/trainingState.ts): for each step
  // execution in order, its reported losses and then its objective (no gradient norm: the API reports losses only);
  // a loss's value is its last execution's. test/pytorch/fixtures/controls.aegan reports `rec` from two steps
  // and repeats one, and the equivalence test holds it to the interpreter's values.
  const at = new Map<string, number>();
  let position = 0;
  for (const step of ir.train.steps) {
    for (let r = 0; r < step.repeat; r++) {
      for (const report of step.reports) at.set(report.name, position++);
      position += 1;
    }
  }
  const fields = [...properties.losses].map(([name, prop]) => {
    const position = at.get(name);
    if (position === undefined) throw new Error(`internal: loss \`${name}\` is in the API but no step reports it`);
    return `${prop}: values[${position}]!`;
  });
  const read = fields.length > 0 ? 'const values = await pending.values.data();\n  ' : '';
  return `/** An iteration's losses, read back from the vector \`startIteration\` left on the device (and freed). */
async function ${names.lossesOf}(pending: PendingIteration): Promise<${names.losses}> {
  ${read}pending.values.dispose();
  return { ${fields.join(', ')} };
}`;
}
