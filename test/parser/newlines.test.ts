import { describe, expect, it } from 'vitest';
import type { NetworkDecl } from '../../src/parser/ast.js';
import { diagnosticsOf, parseClean, parseDeclaration, showExpr } from './harness.js';

function network(text: string): NetworkDecl {
  const declaration = parseDeclaration(text);
  if (declaration.kind !== 'NetworkDecl') throw new Error(declaration.kind);
  return declaration;
}

function pipelines(decl: NetworkDecl): string[] {
  return decl.body.map(
    (statement) =>
      (statement.target ? `${statement.target.name} = ` : '') +
      statement.stages.map((stage) => (stage.kind === 'Name' ? stage.name : stage.callee.name)).join(' |> '),
  );
}

describe('where statements end', () => {
  it('ends a statement at a line break or `;`', () => {
    expect(parseClean('param a = 1\nparam b = 2; param c = 3').declarations).toHaveLength(3);
  });

  it('ignores line breaks inside ( ) and [ ]', () => {
    const decl = parseDeclaration('loss l = mse(\n  x,\n  decoder(\n    x\n  )\n)');
    expect(decl.kind === 'LossDecl' && showExpr(decl.value)).toBe('mse(x, decoder(x))');
    expect(parseDeclaration('data x: [\n  28,\n  28\n] from mnist()').kind).toBe('DataDecl');
  });

  it.each(['|>', ',', '=', '->', '~', ':', '{', '+', '-', '*', '/', '^'])(
    'continues a line that ends in `%s`',
    (op) => {
      const texts: Record<string, string> = {
        '|>': 'network N(x: [1]) -> [1] {\n  x |>\n  relu\n}',
        ',': 'data x: [1],\n  y: class[10] from mnist()',
        '=': 'param a =\n  1',
        '->': 'network N(x: [1]) ->\n  [1] {\n  relu\n}',
        '~': 'latent z: [1] ~\n  normal(0, 1)',
        ':': 'latent z:\n  [1] ~ normal(0, 1)',
        '{': 'network N(x: [1]) -> [1] {\n  relu\n}',
        '+': 'param a = 1 +\n  2',
        '-': 'param a = 1 -\n  2',
        '*': 'param a = 1 *\n  2',
        '/': 'param a = 1 /\n  2',
        '^': 'param a = 1 ^\n  2',
      };
      expect(parseClean(texts[op]).declarations).toHaveLength(1);
    },
  );

  it('continues a line when the next one starts with `|>`', () => {
    const decl = network(
      'network N(x: [1]) -> [1] {\n  h = x\n    |> dense(4)\n    // a comment between\n\n    |> relu\n  h |> sigmoid\n}',
    );
    expect(pipelines(decl)).toEqual(['h = x |> dense |> relu', 'h |> sigmoid']);
  });

  it('collapses blank lines, comment lines and stray `;`', () => {
    const decl = network('network N(x: [1]) -> [1] {\n\n  ;\n  flatten;;\n\n  // note\n  relu;\n\n}\n\n;\n');
    expect(pipelines(decl)).toEqual(['flatten', 'relu']);
  });

  it('treats a block comment that spans lines as a line break', () => {
    expect(parseClean('param a = 1 /* one\n two */ param b = 2').declarations).toHaveLength(2);
    expect(parseClean('param a = 1 /* one line */ + 2').declarations).toHaveLength(1);
  });

  it('does not continue a line after an operand', () => {
    expect(diagnosticsOf('param a = 1\n+ 2')).toEqual(['E0101 2:1 unexpected `+`; expected a declaration']);
  });

  it('accepts a network written on one line, and `{}`', () => {
    expect(pipelines(network('network N(x: [1]) -> [1] { flatten; relu }'))).toEqual(['flatten', 'relu']);
    expect(network('network N(x: [1]) -> [1] {}').body).toEqual([]);
  });

  it('does not take a keyword-named network in a continued line for a new declaration', () => {
    const [train] = parseClean('train {\n  step s: minimize l over G,\n    data with adam()\n}').declarations;
    expect(train.kind === 'TrainDecl' && train.items[0]).toMatchObject({ over: [{ name: 'G' }, { name: 'data' }] });
  });

  it('accepts CRLF line ends', () => {
    const file = parseClean('param a = 1\r\nparam b = 2\r\n');
    expect(file.declarations.map((declaration) => declaration.span.end.column)).toEqual([12, 12]);
  });
});
