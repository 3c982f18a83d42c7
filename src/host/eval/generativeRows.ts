// GenerativeMetrics as the rows of `aeganc eval`'s table: metric, value, and
// what to read it against.

import type { GenerativeMetrics } from './generativeMetrics.js';

export interface MetricRow {
  readonly metric: string;
  readonly value: string;
  readonly beside: string;
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

export function generativeRows(m: GenerativeMetrics): MetricRow[] {
  const classes = m.coverage.map((share, k) => `${k}: ${percent(share)}`).join(', ');
  const rows: MetricRow[] = [
    {
      metric: `Fréchet distance (${m.classifier.dataset} classifier features, ${m.samples} samples)`,
      value: m.frechetDistance.toFixed(2),
      beside: `floor ${m.frechetFloor.toFixed(2)} (real train vs real test)`,
    },
    { metric: 'classifier score', value: m.classifierScore.toFixed(2), beside: `real test images ${m.realClassifierScore.toFixed(2)}; 1 … 10` },
    { metric: 'smallest class share', value: percent(m.smallestClassShare), beside: `10.0% when balanced; ${classes}` },
  ];
  if (m.condition) {
    rows.push({ metric: `classified as their condition \`${m.condition.input}\``, value: percent(m.condition.accuracy), beside: 'target ≥ 95%' });
  }
  rows.push({ metric: 'classifier test accuracy', value: percent(m.classifier.testAccuracy), beside: m.classifier.architecture });
  return rows;
}
