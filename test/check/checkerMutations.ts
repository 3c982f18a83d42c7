// Mutations that keep most of the syntax valid, so they reach deep into the
// checker: numbers and names swapped for others of the file, lines deleted,
// duplicated and swapped. The checker's never-throws test and the language
// server's half-typed-input test both replay them.
import fc from 'fast-check';

const NUMBERS = ['0', '-1', '1', '2', '3', '0.5', '1000', '1e9', '7 * 7', '(2 - 2)', '1 / 0'];

function identifiers(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
}

export type Mutation =
  | { kind: 'number'; at: number; value: number }
  | { kind: 'name'; at: number; value: number }
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; at: number; value: number };

export function mutate(text: string, mutations: readonly Mutation[]): string {
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

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('name' as const), at: fc.nat(), value: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), at: fc.nat(), value: fc.nat() }),
);
