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
        const lines = text.split('\n');
        for (const d of result.diagnostics) {
          expect(d.message).not.toMatch(/undefined|\[object/);
          // Only `--set` findings lack a span, and this run passes no `--set`.
          expect(d.span, `${d.code} ${d.message}`).toBeDefined();
          const { line, column, offset } = d.span!.start;
          // The position is a real place in the text: a line it has, a column on that line.
          expect(line >= 1 && line <= lines.length, `${d.code} at line ${line} of ${lines.length}`).toBe(true);
          expect(column >= 1 && column <= lines[line - 1]!.length + 1, `${d.code} at ${line}:${column}`).toBe(true);
          expect(offset, `${d.code} at ${line}:${column}`).toBe(lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1);
        }
      }),
      { numRuns: Number(process.env.AEGANC_FUZZ_RUNS ?? 3000), seed: Number(process.env.AEGANC_FUZZ_SEED ?? 20261126) },
    );
  });
});
