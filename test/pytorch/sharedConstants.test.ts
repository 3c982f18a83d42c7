// prelude.py restates a few numbers the TypeScript numerics define (Python
// cannot import them): each must be the same, or the two trainers would
// clip, normalise or log differently while their losses still looked close.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BCE_EPSILON } from '../../src/numerics/expressions/losses.js';
import { NORM_EPSILON } from '../../src/numerics/expressions/modelTerms.js';
import { GRADIENT_NORM_EVERY } from '../../src/numerics/trainingHealth.js';

const prelude = readFileSync(path.join(import.meta.dirname, '../../src/codegen/pytorch/prelude.py'), 'utf8');

function pythonConstant(name: string): number {
  const match = new RegExp(`^${name} = (.+)$`, 'm').exec(prelude);
  if (!match) throw new Error(`prelude.py defines no ${name}`);
  return Number(match[1]);
}

describe('prelude.py and the TypeScript numerics', () => {
  it.each([
    ['BCE_EPSILON', BCE_EPSILON],
    ['NORM_EPSILON', NORM_EPSILON],
    ['GRADIENT_NORM_EVERY', GRADIENT_NORM_EVERY],
  ])('define %s alike', (name, value) => {
    expect(pythonConstant(name)).toBe(value);
  });

  it('write and read one checkpoint format', () => {
    const checkpoint = readFileSync(path.join(import.meta.dirname, '../../src/host/checkpointLength.ts'), 'utf8');
    const magic = /export const MAGIC = '([^']+)'/.exec(checkpoint)?.[1];
    expect(magic).toBeDefined();
    expect(prelude).toMatch(new RegExp(`^CHECKPOINT_MAGIC = b"${magic}"$`, 'm'));
  });
});
