import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { diagnosticsOf } from './harness.js';

describe('syntax errors and recovery', () => {
  it('reports three errors in three declarations and keeps the others', () => {
    const text = `model m
param a = (1 + 2
param b = 3
network G(z: [1]) -> [1] {
  dense(4) relu
}
loss l = mse(x, G(z))
let = G(z)
train {
  batch 64
}
`;
    const result = parse(text, 'test.aegan');
    expect(
      result.diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`),
    ).toEqual([
      'E0101 2:17 unexpected end of line; expected `)`',
      'E0101 5:12 unexpected `relu`; expected end of line',
      'E0101 8:5 unexpected `=`; expected a name or `(`',
    ]);
    expect(result.value?.declarations.map((declaration) => declaration.kind)).toEqual([
      'ModelDecl',
      'ParamDecl',
      'LossDecl',
      'TrainDecl',
    ]);
  });

  it('reports an error in each statement of one network body', () => {
    expect(
      diagnosticsOf('network N(x: [1]) -> [1] {\n  dense(1) relu\n  h = )\n  flatten |> |> relu\n  relu\n}'),
    ).toEqual([
      'E0101 2:12 unexpected `relu`; expected end of line',
      'E0101 3:7 unexpected `)`; expected a name',
      'E0101 4:14 unexpected `|>`; expected a name',
    ]);
  });

  it('reports errors in several train items', () => {
    expect(
      diagnosticsOf('train {\n  step a minimize x over G with adam()\n  batch\n  seed 1 2\n  epochs 3\n}'),
    ).toEqual([
      'E0101 2:10 unexpected `minimize`; expected `:`',
      'E0101 3:8 unexpected end of line; expected an expression',
      'E0101 4:10 unexpected `2`; expected end of line',
    ]);
  });

  it('names what was found readably', () => {
    expect(diagnosticsOf('param a = 1)')).toEqual(['E0101 1:12 unexpected `)`; expected end of line']);
    expect(diagnosticsOf('param a =')).toEqual(['E0101 1:10 unexpected end of file; expected an expression']);
    expect(diagnosticsOf('param a = ;')).toEqual(['E0101 1:11 unexpected `;`; expected an expression']);
    expect(diagnosticsOf('latent z: 3 ~ normal(0, 1)')).toEqual([
      'E0101 1:11 unexpected `3`; expected a shape `[…]` or `class[K]`',
    ]);
    expect(diagnosticsOf('step a: minimize x over G with adam()')).toEqual([
      'E0101 1:1 unexpected `step`; expected a declaration',
    ]);
  });

  it('hints at what starts a declaration', () => {
    const [diagnostic] = parse('relu', 'test.aegan').diagnostics;
    expect(diagnostic.hint).toMatch(/`model`, `param`/);
  });

  it('does not let an unclosed bracket swallow the declarations after it', () => {
    const text = 'loss l = mse(x, f(y)\nparam b = 2\nnetwork N(x: [1]) -> [1] {\n  dense(3\n}\nparam c = [1, 2';
    expect(diagnosticsOf(text)).toEqual([
      'E0101 1:21 unexpected end of line; expected `)`',
      'E0101 5:1 unexpected `}`; expected `)`',
      'E0101 6:16 unexpected end of file; expected `]`',
    ]);
    expect(parse(text, 'test.aegan').value?.declarations.map((declaration) => declaration.kind)).toEqual(['ParamDecl']);
  });

  it('does not let an unclosed brace swallow the declarations after it', () => {
    const result = parse('network N(x: [1]) -> [1] {\n  relu\n\nloss l = f(x)\ntrain {\n  batch 1\n}', 'test.aegan');
    expect(result.value?.declarations.map((declaration) => declaration.kind)).toEqual(['LossDecl', 'TrainDecl']);
    expect(result.diagnostics).toHaveLength(1);
  });

  it('says what a block holds when it meets something else', () => {
    expect(diagnosticsOf('network N(x: [1]) -> [1] {\n  3\n}')).toEqual([
      'E0101 2:3 unexpected `3`; expected a layer, a name or `}`',
    ]);
    expect(diagnosticsOf('network N(x: [1]) -> [1] {\n  relu')).toEqual([
      'E0101 2:7 unexpected end of file; expected a layer, a name or `}`',
    ]);
    expect(diagnosticsOf('train {\n  epoch 3\n  batch 2\n}')).toEqual([
      'E0101 2:3 unexpected `epoch`; expected a train setting (`step`, `batch`, `epochs`, …)',
    ]);
  });

  it('reports a stray closing brace', () => {
    expect(diagnosticsOf('param a = 1\n}\nparam b = 2')).toEqual(['E0101 2:1 unexpected `}`; expected a declaration']);
  });
});

describe('hints for misspelt keywords', () => {
  const hintOf = (text: string): string | undefined => parse(text, 'test.aegan').diagnostics[0]?.hint;

  it('suggests the declaration keyword meant', () => {
    expect(hintOf('netwrok G(z: [1]) -> [1] { relu }')).toBe('did you mean `network`?');
    expect(hintOf('Param a = 1')).toBe('did you mean `param`?');
    expect(hintOf('relu')).toMatch(/^a declaration starts with `model`/);
  });

  it('suggests the train setting meant', () => {
    expect(hintOf('train {\n  epoch 3\n}')).toBe('did you mean `epochs`?');
    expect(hintOf('train {\n  lr 3\n}')).toMatch(/^a train block holds `step`/);
  });
});

describe('one error per line', () => {
  it('reports a `;` inside brackets once, though it splits the declaration', () => {
    expect(diagnosticsOf('param a = f(a; b)\nparam c = 1')).toEqual(['E0101 1:14 unexpected `;`; expected `)`']);
  });
});
