import { describe, expect, it } from 'vitest';
import { parseExpr, showExpr } from './harness.js';

const show = (text: string): string => showExpr(parseExpr(text));

describe('expression precedence', () => {
  it('binds * and / tighter than + and -, all left-associative', () => {
    expect(show('a + b * c')).toBe('(a + (b * c))');
    expect(show('a - b - c')).toBe('((a - b) - c)');
    expect(show('a / b * c')).toBe('((a / b) * c)');
    expect(show('a * b + c / d - e')).toBe('(((a * b) + (c / d)) - e)');
  });

  it('makes ^ right-associative and tighter than unary minus, as Python does', () => {
    expect(show('a ^ b ^ c')).toBe('(a ^ (b ^ c))');
    expect(show('-x ^ 2')).toBe('(-(x ^ 2))');
    expect(show('2 ^ -1')).toBe('(2 ^ (-1))');
    expect(show('(-x) ^ 2')).toBe('((-x) ^ 2)');
    expect(show('a * b ^ c')).toBe('(a * (b ^ c))');
  });

  it('binds unary minus tighter than * and +', () => {
    expect(show('-a * b')).toBe('((-a) * b)');
    expect(show('a - -b')).toBe('(a - (-b))');
    expect(show('--a')).toBe('(-(-a))');
  });

  it('lets parentheses override precedence', () => {
    expect(show('(a + b) * c')).toBe('((a + b) * c)');
    expect(show('a - (b - c)')).toBe('(a - (b - c))');
  });

  it('reads calls with positional and keyword arguments in any order', () => {
    expect(show('bce(x, decoder(z), reduce: sum)')).toBe('bce(x, decoder(z), reduce: sum)');
    expect(show('f(k: 1, x)')).toBe('f(k: 1, x)');
    expect(show('f()')).toBe('f()');
    expect(show('f(a, b,)')).toBe('f(a, b)');
  });

  it('reads lists, strings and numbers', () => {
    expect(show('[7, 7, 128]')).toBe('[7, 7, 128]');
    expect(show('[]')).toBe('[]');
    expect(parseExpr('2e-4')).toMatchObject({ kind: 'Number', value: 2e-4, raw: '2e-4' });
    expect(parseExpr('"s"')).toMatchObject({ kind: 'String', value: 's', raw: '"s"' });
  });

  it('reads keywords as names inside expressions', () => {
    expect(show('latent * steps + f(data: model)')).toBe('((latent * steps) + f(data: model))');
  });
});
