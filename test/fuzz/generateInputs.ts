// Inputs for the fuzzer: the examples and LANGUAGE.md's examples, mutated
// (insertions, deletions, duplications, random tokens, control characters,
// huge numbers), plus inputs built to be big or deep. Deterministic in `seed`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/ir/seeds.js';
import { lexFlood, mseSum, nestedParens, paramChain, pipeChain, plusChain, reversedLets } from '../../bench/bigInputs.js';

const ROOT = join(import.meta.dirname, '../..');

/** The seed specs: examples/*.aegan, examples/errors/*.aegan and test/fuzz/corpus (LANGUAGE.md's examples). */
export function corpus(): string[] {
  const dirs = ['examples', 'examples/errors', 'test/fuzz/corpus'].map((d) => join(ROOT, d));
  return dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.aegan')).sort().map((f) => readFileSync(join(dir, f), 'utf8')));
}

const TOKENS = [
  'model', 'param', 'data', 'latent', 'network', 'let', 'loss', 'train', 'step', 'minimize', 'maximize', 'over', 'with',
  'batch', 'epochs', 'steps', 'seed', 'ema', 'sample', 'every', 'checkpoint', 'repeat', 'from', 'class', 'init', 'scale',
  '|>', '->', '..', '(', ')', '[', ']', '{', '}', ',', ':', ';', '=', '~', '+', '-', '*', '/', '^', '\n', ' ', '"', '"x"',
  '//', '/*', '*/', '\\', 'x', 'z', 'enc', 'dense(4)', 'conv2d(8, kernel: 3)', 'mse(x, x)', 'mean(', 'adam(lr: 1e-3)',
  '0', '1', '-1', '1e309', '1e-400', '99999999999999999999', '0x10', '1.', '.5', '1e', 'NaN', 'Infinity', '__proto__',
  'constructor', '§', '\u202e', '\u0000', '\u001b[31m', '\r', '\t', '\u00a0', '😀', '\ud800',
];

export interface FuzzInput {
  readonly kind: string;
  readonly text: string;
}

/** Input number `index` of the run seeded `seed`. */
export function fuzzInput(seeds: readonly string[], seed: number, index: number): FuzzInput {
  const random = mulberry32((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const roll = random();
  if (roll < 0.03) return { kind: 'big', text: bigInput(int) };
  if (roll < 0.08) return { kind: 'tokens', text: Array.from({ length: 1 + int(200) }, () => pick(TOKENS)).join(pick(['', ' ', '\n'])) };
  let text = pick(seeds);
  const edits = 1 + int(6);
  for (let e = 0; e < edits; e++) text = mutate(text, int, pick);
  return { kind: 'mutation', text };
}

function mutate(text: string, int: (n: number) => number, pick: <T>(items: readonly T[]) => T): string {
  const at = int(text.length + 1);
  const length = 1 + int(Math.min(200, text.length + 1));
  switch (int(8)) {
    case 0: return text.slice(0, at) + text.slice(at + length);
    case 1: return text.slice(0, at) + pick(TOKENS) + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at, at + length).repeat(2 + int(20)) + text.slice(at);
    case 3: return text.slice(0, at) + String.fromCharCode(int(0x20)) + text.slice(at + 1);
    case 4: return text.slice(0, at) + pick(['1e309', '-1e309', '99999999999999999999', '1e12', '0', '-0', '1e-400', '4294967297']) + text.slice(at);
    case 5: return text.slice(0, at) + '('.repeat(1 + int(300)) + text.slice(at);
    case 6: return text.slice(0, at) + text.slice(at, at + length).replace(/\n/g, ' ').repeat(1 + int(50)) + text.slice(at);
    default: {
      // Swap two slices: declarations out of order, names moved.
      const other = int(text.length + 1);
      const [a, b] = at < other ? [at, other] : [other, at];
      return text.slice(0, a) + text.slice(b, b + length) + text.slice(a + length, b) + text.slice(a, a + length) + text.slice(b + length);
    }
  }
}

function bigInput(int: (n: number) => number): string {
  switch (int(8)) {
    case 0: return lexFlood(1000 + int(20000));
    case 1: return plusChain(1000 + int(5000));
    case 2: return paramChain(500 + int(2000));
    case 3: return reversedLets(500 + int(3000));
    case 4: return mseSum(500 + int(3000));
    case 5: return nestedParens(50 + int(5000));
    case 6: return pipeChain(100 + int(1000));
    default: return `param p = ${'-'.repeat(1 + int(5000))}1\nparam q = 1${' ^ 2'.repeat(1 + int(3000))}\n`;
  }
}
