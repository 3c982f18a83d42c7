// Random damage to valid specs, for property tests: parse must survive any of it.

import fc from 'fast-check';

/** Fragments that stress the lexer, the layout pass and recovery. */
// prettier-ignore
const fragments = [
  '(', ')', '[', ']', '{', '}', ',', ':', ';', '=', '->', '|>', '..', '~', '+', '-', '*', '/', '^',
  '\n', '\n\n', ' ', '\t', '\r\n', '"', '\\', '"\\q"', '/*', '*/', '//', '/* x\n y */', '@', '#', '\u0000', 'é', '😀',
  '0', '1.', '2e', '2e-4', '0..1', '-1..1', '12px', 'x', 'class', 'class[10]', '[latent]',
  'model', 'param', 'data', 'from', 'scale', 'latent', 'network', 'let', 'loss', 'train', 'step', 'minimize',
  'maximize', 'over', 'with', 'repeat', 'batch', 'epochs', 'steps', 'seed', 'every', 'sample', 'checkpoint', 'ema', 'init',
  'dense(4)', 'spectral_norm(conv2d(64, kernel: 4))', 'f(a, k: 1)', 'let (a, b) = f(x)', 'train {', 'network N(x: [1]) -> [1] {',
];

type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number };

/** Positions are fractions of the current length, so they always land inside the text. */
const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<{ kind: Mutation['kind']; at: number; text: string; length: number; to: number }> =
  fc.record({
    kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'replace', 'duplicate'),
    at: position,
    text: fc.oneof(
      fc.constantFrom(...fragments),
      fc.string({ maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 2 }),
    ),
    length: fc.integer({ min: 1, max: 12 }),
    to: position,
  });

function apply(
  text: string,
  m: { kind: Mutation['kind']; at: number; text: string; length: number; to: number },
): string {
  const at = Math.floor(m.at * (text.length + 1));
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case 'duplicate': {
      const piece = text.slice(at, at + m.length);
      const to = Math.floor(m.to * (text.length + 1));
      return text.slice(0, to) + piece + text.slice(to);
    }
  }
}

/** One of `texts` after 1 to 6 random mutations, and possibly truncated. */
export function mutatedText(texts: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...texts),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.option(position, { nil: undefined }),
    )
    .map(([text, mutations, cut]) => {
      const mutated = mutations.reduce(apply, text);
      return cut === undefined ? mutated : mutated.slice(0, Math.floor(cut * (mutated.length + 1)));
    });
}
