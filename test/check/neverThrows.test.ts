// The checker never throws: any spec, however broken, gets diagnostics. These
// mutations keep most of the syntax valid, so they reach deep into the checker.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { ROOT } from '../goldenFiles.js';

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.aegan'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

const NUMBERS = ['0', '-1', '1', '2', '3', '0.5', '1000', '1e9', '7 * 7', '(2 - 2)', '1 / 0'];

function identifiers(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
}

type Mutation =
  | { kind: 'number'; at: number; value: number }
  | { kind: 'name'; at: number; value: number }
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; at: number; value: number };

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const lines = out.split('\n');
    const names = identifiers(out);
    switch (m.kind) {
      case 'number': {
        const numbers = [...out.matchAll(/\b\d+(\.\d+)?(e-?\d+)?\b/g)];
        const hit = numbers[m.at % Math.max(1, numbers.length)];
        if (hit) out = out.slice(0, hit.index) + NUMBERS[m.value % NUMBERS.length] + out.slice(hit.index! + hit[0].length);
        break;
      }
      case 'name': {
        const hits = [...out.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
        const hit = hits[m.at % Math.max(1, hits.length)];
        if (hit) out = out.slice(0, hit.index) + names[m.value % names.length] + out.slice(hit.index! + hit[0].length);
        break;
      }
      case 'deleteLine':
        lines.splice(m.at % lines.length, 1);
        out = lines.join('\n');
        break;
      case 'duplicateLine': {
        const i = m.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        out = lines.join('\n');
        break;
      }
      case 'swapLines': {
        const i = m.at % lines.length;
        const j = m.value % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        out = lines.join('\n');
        break;
      }
    }
  }
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('name' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), at: fc.nat(), value: fc.nat() }),
);

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
