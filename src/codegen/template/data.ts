// Emitted verbatim into generated modules that read data (see ../runtimeSource.ts):
// turns the arrays a caller passes to `train` into the interpreter's DataTable.

import type { DataTable, SourceFields } from '../../numerics/dataTable.js';

/** Values per example of a field: the product of its shape, 1 for a class label. */
function fieldSize(source: SourceFields, field: string): number {
  const type = source.fields.find((f) => f.name === field)?.type;
  return type?.kind === 'tensor' ? type.shape.reduce((p, d) => p * d, 1) : 1;
}

/**
 * A data source's table from its fields' arrays; every field must hold the
 * same number of examples, and labels must be int32 (as the runtime's loaders give).
 */
export function tableOf(source: SourceFields, fields: ReadonlyMap<string, Float32Array | Int32Array>): DataTable {
  let count: number | undefined;
  for (const field of source.fields) {
    const values = fields.get(field.name);
    if (!values) throw new Error(`data field \`${field.name}\` is missing`);
    if ((field.type.kind === 'class') !== values instanceof Int32Array) {
      throw new Error(`data field \`${field.name}\` must be ${field.type.kind === 'class' ? 'an Int32Array of labels' : 'a Float32Array'}`);
    }
    const size = fieldSize(source, field.name);
    if (values.length % size !== 0) throw new Error(`data field \`${field.name}\` holds ${values.length} values, not a multiple of ${size}`);
    const examples = values.length / size;
    if (count !== undefined && examples !== count) throw new Error(`data field \`${field.name}\` holds ${examples} examples, the others ${count}`);
    count = examples;
  }
  return { count: count ?? 0, fields };
}
