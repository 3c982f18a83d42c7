// Regression tests for issue 7: inputs that once flooded the output, took
// minutes or overflowed the stack. Each runs the CLI in process and asserts
// what is printed and how much; bench/frontend.ts times the same inputs.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lexFlood, manyBadParams, mseSum, nestedParens, paramChain, pipeChain, plusChain, reversedLets } from '../../bench/bigInputs.js';
import { runCli } from '../cli/runCli.js';
import { renderDiagnostic } from '../../src/diagnostics/render.js';
import { makeDiagnostic } from '../../src/diagnostics/makeDiagnostic.js';

const dir = mkdtempSync(join(tmpdir(), 'aegan-big-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(command: string, text: string) {
  writeFileSync(join(dir, 'big.aegan'), text);
  const extra = command === 'fmt' ? ['--stdout'] : command === 'build' ? ['-o', '-'] : [];
  const result = await runCli([command, 'big.aegan', ...extra], dir);
  return { ...result, codes: [...result.stderr.matchAll(/(?:error|warning)\[(\w+)\]/g)].map((m) => m[1]) };
}

describe('a flood of lexical errors', () => {
  it('is one E0102 per line, not one per character, and prints a window of a long line', async () => {
    const r = await run('check', lexFlood(4000));
    expect(r.status).toBe(1);
    expect(r.codes).toEqual(['E0102']);
    expect(r.stderr).toContain('error[E0102]: unexpected character `§`\n --> big.aegan:1:1\n');
    expect(r.stderr).toContain('^ and 3999 more on this line');
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it('stops after 20 errors with E0108, counting what it left out', async () => {
    const r = await run('check', '§\n'.repeat(5000));
    expect(r.status).toBe(1);
    expect(r.codes).toEqual([...Array(20).fill('E0102'), 'E0108']);
    expect(r.stderr).toContain('error[E0108]: too many errors; stopping (4980 more not shown)');
    expect(r.stderr).toContain(' --> big.aegan:20:1\n');
    expect(r.stderr).toContain('big.aegan: 20 errors, 0 warnings (and more not shown)');
    expect(r.stderr.length).toBeLessThan(5000);
  });

  it('shows at most 3 other lexical errors a line', async () => {
    const r = await run('check', `data x: [4] from csv("${'\\q'.repeat(1000)}")\n`);
    expect(r.codes).toEqual(['E0105', 'E0105', 'E0105']);
    expect(r.stderr).toContain(' --> big.aegan:1:23\n');
  });

  it('also stops fmt after 20 errors', async () => {
    const r = await run('fmt', '§\n'.repeat(5000));
    expect(r.codes.length).toBe(21);
  });
});

describe('20,000 one-line params with a mistake each', () => {
  it('reports the first 20 (with their did-you-mean) and E0108', async () => {
    const r = await run('check', manyBadParams(20000));
    expect(r.status).toBe(1);
    expect(r.codes).toEqual([...Array(20).fill('E0201'), 'E0108']);
    expect(r.stderr).toContain('error[E0201]: unknown name `q0`\n --> big.aegan:1:12\n');
    expect(r.stderr).toContain('= hint: did you mean `p0`');
    expect(r.stderr.length).toBeLessThan(10_000);
  }, 60_000);
});

describe('long left-associative chains work in every stage', () => {
  for (const [name, text] of [
    ['a 5,000-term `+` chain', plusChain(5000)],
    ['2,000 params each naming the next', paramChain(2000)],
    ['3,000 lets in reverse order', reversedLets(3000)],
    ['a sum of 10,000 mse terms', mseSum(10000)],
    ['a 2,000-stage `|>` chain', pipeChain(2000)],
  ] as const) {
    it(name, async () => {
      for (const command of ['check', 'ir', 'fmt', 'build']) {
        const r = await run(command, text);
        expect(r.stderr, command).not.toContain('internal error');
        expect(r.codes.filter((c) => c.startsWith('E')), command).toEqual([]);
        expect(r.status, command).toBe(0);
      }
    }, 120_000);
  }

  it('fmt keeps a long chain as one line, unchanged', async () => {
    const text = plusChain(5000);
    const line = text.split('\n').find((l) => l.startsWith('param total'))!;
    expect((await run('fmt', text)).stdout.split('\n')).toContain(line);
  });
});

describe('deep nesting', () => {
  it('10,000 parentheses are E0107 at the first level past 64, not an internal error', async () => {
    const r = await run('check', nestedParens(10000));
    expect(r.status).toBe(1);
    expect(r.codes).toEqual(['E0107']);
    expect(r.stderr).toContain('error[E0107]: this declaration nests 10000 levels deep; at most 64 levels of brackets, unary `-` and `^` are allowed\n --> big.aegan:5:78\n');
    expect(r.stderr).toContain('= hint: name an inner part with `let`');
  });

  it('64 levels still parse and check', async () => {
    const r = await run('check', nestedParens(64));
    expect(r.codes.filter((c) => c.startsWith('E'))).toEqual([]);
  });

  for (const [name, text, column] of [
    ['nested calls', `loss l = ${'mean('.repeat(500)}x${')'.repeat(500)}\n`, 334],
    ['unary minus', `param p = ${'-'.repeat(5000)}1\n`, 75],
    ['a chain of `^`', `param p = 1${' ^ 2'.repeat(3000)}\n`, 269],
    ['lists', `param p = ${'['.repeat(1000)}1${']'.repeat(1000)}\n`, 75],
  ] as const) {
    it(`${name} past the limit are E0107 in check and fmt`, async () => {
      for (const command of ['check', 'fmt']) {
        const r = await run(command, text);
        expect(r.codes, command).toEqual(['E0107']);
        expect(r.stderr, command).toContain(` --> big.aegan:1:${column}\n`);
      }
    });
  }
});

describe('rendering a long line', () => {
  it('shows a window around the caret with `...` on the cut sides', () => {
    const line = `param p = ${'1 + '.repeat(100)}q${' + 1'.repeat(100)}`;
    const column = line.indexOf('q') + 1;
    const span = { start: { offset: column - 1, line: 1, column }, end: { offset: column, line: 1, column: column + 1 } };
    const text = renderDiagnostic(makeDiagnostic('UnknownName', 'a.aegan', span, { name: 'q' }), `${line}\n`);
    const [, , , shown, caret] = text.split('\n');
    expect(shown).toBe(`1 | ...${line.slice(column - 41, column - 41 + 120)}...`);
    expect(caret!.indexOf('^')).toBe(shown!.indexOf('q'));
  });
});
