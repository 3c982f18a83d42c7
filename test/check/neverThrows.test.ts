// The checker never throws: any spec, however broken, gets diagnostics. These
// mutations keep most of the syntax valid, so they reach deep into the checker.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { ROOT } from '../goldenFiles.js';
import { mutate, mutation } from './checkerMutations.js';

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.aegan'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

describe('the checker never throws', () => {
  it('on thousands of mutated examples, and every diagnostic has a real position', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const text = mutate(examples[index]!, mutations);
        const result = compileSpec(text, 'mutated.aegan');
        for (const d of result.diagnostics) {
          expect(d.message).not.toMatch(/undefined|\[object/);
          if (d.span) {
            expect(Number.isFinite(d.span.start.line) && d.span.start.line >= 1).toBe(true);
            expect(Number.isFinite(d.span.start.column) && d.span.start.column >= 1).toBe(true);
          } else {
            expect(d.field ?? d.file).toBeTruthy();
          }
        }
      }),
      { numRuns: Number(process.env.AEGANC_FUZZ_RUNS ?? 3000), seed: Number(process.env.AEGANC_FUZZ_SEED ?? 20261126) },
    );
  });
});
