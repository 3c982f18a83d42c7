// Coverage, condition accuracy and the classifier score on constructed
// probabilities, where the right answers are known.
import { describe, expect, it } from 'vitest';
import { classCoverage, classifierScore, conditionAccuracy } from '../../src/numerics/metrics/classScores.js';
import { generativeRows } from '../../src/host/eval/generativeRows.js';

/** One row per entry of `classes`, with `confidence` on that class and the rest spread evenly. */
function rows(classes: number[], confidence = 1, k = 10) {
  const probabilities = new Float64Array(classes.length * k).fill((1 - confidence) / (k - 1));
  classes.forEach((c, i) => (probabilities[i * k + c] = confidence));
  return { probabilities, count: classes.length, classes: k };
}

describe('class scores', () => {
  it('coverage counts each class, and a collapsed generator shows empty classes', () => {
    const balanced = rows(Array.from({ length: 100 }, (_, i) => i % 10));
    expect(classCoverage(balanced)).toEqual(new Array(10).fill(0.1));
    const collapsed = classCoverage(rows([...new Array(90).fill(1), ...new Array(10).fill(7)]));
    expect(collapsed[1]).toBeCloseTo(0.9);
    expect(collapsed[7]).toBeCloseTo(0.1);
    expect(collapsed.filter((share) => share === 0)).toHaveLength(8);
  });

  it('condition accuracy is the fraction predicted as the class asked for', () => {
    const predicted = rows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9);
    expect(conditionAccuracy(predicted, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe(1);
    expect(conditionAccuracy(predicted, [0, 1, 2, 3, 4, 0, 0, 0, 0, 0])).toBe(0.5);
  });

  it('the classifier score is 10 for confident balanced classes, 1 for one class or for no confidence', () => {
    expect(classifierScore(rows(Array.from({ length: 50 }, (_, i) => i % 10)))).toBeCloseTo(10, 10);
    expect(classifierScore(rows(new Array(50).fill(3)))).toBeCloseTo(1, 10);
    expect(classifierScore(rows(Array.from({ length: 50 }, (_, i) => i % 10), 0.1))).toBeCloseTo(1, 10);
    // Five classes, confidently: exp(log 5).
    expect(classifierScore(rows(Array.from({ length: 50 }, (_, i) => i % 5)))).toBeCloseTo(5, 10);
  });
});

describe('generativeRows', () => {
  it('lists FD with its floor, the score, coverage and the condition when there is one', () => {
    const metrics = {
      classifier: { dataset: 'mnist' as const, testAccuracy: 0.986, architecture: 'conv' },
      samples: 100,
      frechetDistance: 42.123,
      frechetFloor: 11.5,
      classifierScore: 7.5,
      realClassifierScore: 9.5,
      coverage: new Array(10).fill(0.1),
      smallestClassShare: 0.1,
    };
    const rows = generativeRows(metrics);
    expect(rows[0]).toMatchObject({ value: '42.12', beside: expect.stringContaining('floor 11.50') });
    expect(rows.map((r) => r.metric).join('\n')).not.toContain('condition');
    const conditional = generativeRows({ ...metrics, condition: { input: 'c', accuracy: 0.96 } });
    expect(conditional.find((r) => r.metric.includes('`c`'))?.value).toBe('96.0%');
  });
});
