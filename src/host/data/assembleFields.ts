// Turns what a reader found into the declared fields: checks each field's
// declared type against the file, maps example values linearly from the
// stored range onto the declared `scale` range, and checks labels against
// class[K]. See docs/data.md for the shape rule and the ranges.

import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { DataField, DataSource, Shape } from '../../ir/types.js';
import { dataShape, formatDims, formatShape } from './dataDiagnostics.js';
import type { RawData, StoredValues } from './rawData.js';
import { shapeFits } from '../../ir/shapeFits.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';

export interface LoadedData {
  readonly count: number;
  /** Keyed by DataField.name: Float32Array of count × prod(shape) for examples, Int32Array of count for labels. */
  readonly fields: ReadonlyMap<string, Float32Array | Int32Array>;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export { shapeFits };

function describeStored(raw: RawData): string {
  if (raw.exampleShape.length === 0) return 'one number per example (a 1-D array)';
  if (raw.exampleNoun === 'images') return `${formatDims(raw.exampleShape)} images`;
  if (raw.exampleNoun === 'rows') return `rows of ${size(raw.exampleShape)} values`;
  return `examples of shape ${formatShape(raw.exampleShape)}`;
}

/** out = lo + (v − storedLo)·(hi − lo)/(storedHi − storedLo), in float32. */
export function mapRange(values: StoredValues, stored: readonly [number, number], target: readonly [number, number]): Float32Array {
  const out = new Float32Array(values.length);
  const scale = (target[1] - target[0]) / (stored[1] - stored[0]);
  const [from, to] = [stored[0], target[0]];
  for (let i = 0; i < values.length; i++) out[i] = to + (values[i] - from) * scale;
  return out;
}

function exampleField(field: DataField, raw: RawData, range: readonly [number, number]): Result<Float32Array> {
  if (field.type.kind !== 'tensor') {
    return { diagnostics: [dataShape(raw.path, `\`${field.name}\` reads the examples, so it needs a tensor type, not class[${field.type.classes}]`)] };
  }
  const declared = field.type.shape;
  if (!shapeFits(declared, raw.exampleShape)) {
    // A 1-D array holds one number per example: the field is [1] (a shape needs a dimension).
    const stored = raw.exampleShape.length === 0 ? [1] : raw.exampleShape;
    const hint = `declare \`${field.name}: ${formatShape(stored)}\`${stored.length > 1 ? ` or \`${field.name}: [${size(stored)}]\`` : ''}`;
    return {
      diagnostics: [dataShape(raw.path, `\`${field.name}\` is declared ${formatShape(declared)}, but the file holds ${describeStored(raw)}`, hint)],
    };
  }
  const mapped = mapRange(raw.examples, raw.storedRange, range);
  const bad = firstNonFinite(mapped);
  if (bad >= 0) return { diagnostics: [nonFinite(raw, bad, range)] };
  return { value: mapped, diagnostics: [] };
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** `[3, 1, 2] (flat index 17, example 3)`: where a value sits, as NumPy would index the array. */
function position(raw: RawData, flat: number): string {
  const dims = [raw.count, ...raw.exampleShape];
  const index: number[] = [];
  let rest = flat;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    index.unshift(rest % dims[axis]);
    rest = Math.floor(rest / dims[axis]);
  }
  return `[${index.join(', ')}] (flat index ${flat}, example ${index[0]})`;
}

/** NaN or an infinity in the file, or a finite value that float32 or `scale` turns into one. */
function nonFinite(raw: RawData, flat: number, range: readonly [number, number]): Diagnostic {
  const stored = raw.examples[flat];
  const shown = Number(stored.toPrecision(7)); // float32 values print as their decimal neighbours otherwise
  const problem = Number.isNaN(stored)
    ? 'is NaN'
    : !Number.isFinite(stored)
      ? `is ${stored > 0 ? '' : '-'}infinity`
      : Number.isFinite(Math.fround(stored))
        ? `is ${shown}, which the declared scale ${range[0]}..${range[1]} turns into an infinity`
        : `is ${shown}, too large for float32 (over 3.4e38 in magnitude)`;
  return makeDiagnostic('NonFiniteData', raw.path, undefined, { path: raw.path, position: position(raw, flat), problem }, {
    hint: 'data values must be finite numbers: drop or impute the missing values before saving (e.g. `np.nan_to_num`)',
  });
}

function labelField(field: DataField, raw: RawData): Result<Int32Array> {
  if (field.type.kind !== 'class') {
    return { diagnostics: [dataShape(raw.path, `\`${field.name}\` reads the labels, so it needs a class[K] type, not ${formatShape(field.type.shape)}`)] };
  }
  if (!raw.labels) {
    return { diagnostics: [dataShape(raw.path, `\`${field.name}\` is a label (class[${field.type.classes}]), but ${raw.noLabelsBecause ?? 'this source has none'}`)] };
  }
  const { values, path } = raw.labels;
  const classes = field.type.classes;
  const bad = values.findIndex((label) => label < 0 || label >= classes);
  if (bad >= 0) {
    return {
      diagnostics: [
        dataShape(path, `label ${values[bad]} of example ${bad} is outside class[${classes}] (0..${classes - 1})`, `declare \`${field.name}: class[K]\` with K above the largest label`),
      ],
    };
  }
  return { value: values, diagnostics: [] };
}

export function assembleFields(raw: RawData, source: DataSource): Result<LoadedData> {
  const fields = new Map<string, Float32Array | Int32Array>();
  const diagnostics: Diagnostic[] = [];
  const examples = source.fields.filter((f) => f.role === 'example');
  if (examples.length > 1) {
    const names = examples.map((f) => `\`${f.name}\``).join(', ');
    return { diagnostics: [dataShape(raw.path, `${names} all read the examples of one source; declare one example field (and optionally a label)`)] };
  }
  for (const field of source.fields) {
    const result = field.role === 'example' ? exampleField(field, raw, source.range) : labelField(field, raw);
    diagnostics.push(...result.diagnostics);
    if (result.value) fields.set(field.name, result.value);
  }
  return diagnostics.length > 0 ? { diagnostics } : { value: { count: raw.count, fields }, diagnostics };
}
