// The data a per-example command (`encode`, `score`) reads: a run's source
// with another split, all of its classes, and its labels. Only the MNIST
// sources have splits; `classes:` is dropped so a one-class run is scored on
// every class; labels are read whenever the source has them, declared or not.

import type { DataSource } from '../../ir/types.js';
import { hasSplits, type Split } from '../../ir/heldOut.js';

/** The label field added when a source has labels that the spec did not declare. */
export const LABEL_FIELD = '__label';

/** `source` read from `split` (undefined: as declared), every class kept, with a label field when it can have one. */
export function splitSource(source: DataSource, split?: Split): DataSource {
  const spec = split && hasSplits(source.spec) ? { ...source.spec, split } : source.spec;
  const { classes: _dropped, ...rest } = source;
  const labelled = source.fields.some((f) => f.role === 'label');
  const fields = labelled || !hasSplits(spec) ? source.fields : [...source.fields, { name: LABEL_FIELD, type: { kind: 'class' as const, classes: 10 }, role: 'label' as const }];
  return { ...rest, spec, fields };
}

/** The name of `source`'s label field, when it has one. */
export function labelFieldOf(source: DataSource): string | undefined {
  return source.fields.find((f) => f.role === 'label')?.name;
}
