// `classes: [...]` on a labelled source: only the examples whose label is
// listed stay, in stored order (the one-class protocol of anomaly detection:
// train on one digit, score them all). Filtering happens on the stored values,
// before fields are checked and scaled, so every later rule sees the kept set.

import type { Result } from '../../diagnostics/diagnostic.js';
import { dataFormat } from './dataDiagnostics.js';
import type { RawData, StoredValues } from './rawData.js';

export function keepClasses(raw: RawData, classes: readonly number[]): Result<RawData> {
  const labels = raw.labels;
  if (!labels) return { diagnostics: [dataFormat(raw.path, `holds no labels, so \`classes: [${classes.join(', ')}]\` cannot choose examples${raw.noLabelsBecause ? ` (${raw.noLabelsBecause})` : ''}`, 'classes: works on labelled sources only')] };
  const wanted = new Set(classes);
  const kept: number[] = [];
  for (let i = 0; i < raw.count; i++) if (wanted.has(labels.values[i]!)) kept.push(i);
  if (kept.length === 0) {
    return { diagnostics: [dataFormat(raw.path, `has no example of class ${classes.length === 1 ? classes[0] : `${classes.slice(0, -1).join(', ')} or ${classes.at(-1)}`}, so \`classes:\` keeps nothing`, 'list classes that the file holds')] };
  }
  const size = raw.exampleShape.reduce((a, b) => a * b, 1);
  const examples = new (raw.examples.constructor as new (length: number) => StoredValues)(kept.length * size);
  kept.forEach((from, to) => examples.set(raw.examples.subarray(from * size, (from + 1) * size), to * size));
  return {
    value: {
      ...raw,
      count: kept.length,
      examples,
      labels: { ...labels, values: Int32Array.from(kept, (i) => labels.values[i]!) },
    },
    diagnostics: [],
  };
}
