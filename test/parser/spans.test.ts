import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/parser/ast.js';
import { parseClean } from './harness.js';

/** `line:column-line:column`, end exclusive. */
function at(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

const text = `model m
param code = 32

network encoder(img: [28, 28, 1]) -> [code] {
  flatten
  h = dense(128) |> relu
}

loss recon = mse(x, decoder(encoder(x)))
train {
  batch 64
}
`;

describe('spans', () => {
  const file = parseClean(text);
  const [model, param, network, loss, train] = file.declarations;

  it('covers each declaration from its keyword to its last token', () => {
    expect(at(model.span)).toBe('1:1-1:8');
    expect(at(param.span)).toBe('2:1-2:16');
    expect(at(network.span)).toBe('4:1-7:2');
    expect(at(loss.span)).toBe('9:1-9:41');
    expect(at(train.span)).toBe('10:1-12:2');
  });

  it('keeps offsets 0-based and end-exclusive', () => {
    expect(param.span.start.offset).toBe(text.indexOf('param'));
    expect(text.slice(param.span.start.offset, param.span.end.offset)).toBe('param code = 32');
  });

  it('points at names, statements and arguments', () => {
    if (network.kind !== 'NetworkDecl' || loss.kind !== 'LossDecl' || train.kind !== 'TrainDecl') throw new Error();
    expect(at(network.name.span)).toBe('4:9-4:16');
    expect(at(network.inputs[0].span)).toBe('4:17-4:33');
    expect(at(network.output.span)).toBe('4:38-4:44');
    // A statement ends at its last stage, not at the line break after it.
    expect(at(network.body[1].span)).toBe('6:3-6:25');
    expect(at(network.body[1].stages[0].span)).toBe('6:7-6:17');

    const call = loss.value;
    if (call.kind !== 'Call') throw new Error(call.kind);
    expect(at(call.span)).toBe('9:14-9:41');
    expect(at(call.args[1].span)).toBe('9:21-9:40');
    const inner = call.args[1].value;
    expect(inner.kind === 'Call' && at(inner.args[0].value.span)).toBe('9:29-9:39');

    const setting = train.items[0];
    expect(setting.kind === 'SettingItem' && [at(setting.keyword), at(setting.span)]).toEqual([
      '11:3-11:8',
      '11:3-11:11',
    ]);
  });

  it('spans a binary expression from its left to its right operand, and a unary from its minus', () => {
    const [sum] = parseClean('param p = -a + (b * c)').declarations;
    if (sum.kind !== 'ParamDecl' || sum.value.kind !== 'Binary') throw new Error();
    expect(at(sum.value.span)).toBe('1:11-1:22');
    expect(at(sum.value.left.span)).toBe('1:11-1:13');
    expect(at(sum.value.right.span)).toBe('1:17-1:22');
  });

  it('keeps comments with their spans, and spans the whole file', () => {
    const withComments = parseClean('// a\nparam p = 1 /* b */\n');
    expect(withComments.comments.map((comment) => [comment.text, comment.block, at(comment.span)])).toEqual([
      ['// a', false, '1:1-1:5'],
      ['/* b */', true, '2:13-2:20'],
    ]);
    expect(at(withComments.span)).toBe('1:1-3:1');
  });
});
