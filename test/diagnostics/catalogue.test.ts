import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Messages } from '../../src/diagnostics/catalogue.js';
import { renderDiagnostic } from '../../src/diagnostics/render.js';
import { makeDiagnostic } from '../../src/diagnostics/makeDiagnostic.js';
import { ROOT } from '../goldenFiles.js';

describe('the diagnostics catalogue', () => {
  const entries = Object.values(Messages);

  it('gives every message a unique code of the right family', () => {
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of entries) expect(e.code).toMatch(e.severity === 'error' ? /^E0[1-5]\d\d$/ : /^W06\d\d$/);
  });

  it('documents every code in docs/diagnostics.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8');
    for (const e of entries) expect(doc, e.code).toContain(`| ${e.code} |`);
  });

  it('renders as LANGUAGE.md shows, caret under the span', () => {
    const source = 'data x: [28, 28, 1] from mnist(split: "train")\n\nloss recon = mse(x, decoder(encoder(x)))\n';
    const span = { start: { offset: 0, line: 3, column: 37 }, end: { offset: 0, line: 3, column: 38 } };
    const d = makeDiagnostic('NetworkInputShape', 'seed_ae.aegan', span, { network: 'encoder', expected: '[784]', arg: 'x', actual: '[28, 28, 1]' }, { label: '[28, 28, 1]', hint: 'flatten x' });
    expect(renderDiagnostic(d, source)).toBe([
      'error[E0301]: `encoder` expects [784] but `x` is [28, 28, 1]',
      ' --> seed_ae.aegan:3:37',
      '  |',
      '3 | loss recon = mse(x, decoder(encoder(x)))',
      '  |                                     ^ [28, 28, 1]',
      '  = hint: flatten x',
    ].join('\n'));
  });

  it('is the only place in src/ that spells a code: call sites use `Messages.X.code`', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !path.endsWith('diagnostics/catalogue.ts')) files.push(path);
      }
    };
    walk(join(ROOT, 'src'));
    const raw = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/['"`][EW]0\d{3}['"`]/g)].map((m) => `${file.slice(ROOT.length + 1)}: ${m[0]}`));
    expect(raw).toEqual([]);
  });
});

describe("a catalogue entry's own hint", () => {
  it('is the hint of a diagnostic whose call site gives none, and gives way to one it does give', () => {
    const bare = makeDiagnostic('PositiveInteger', 'a.aegan', undefined, { what: '`batch`', value: -4 });
    expect(bare.hint).toBe('give a whole number from 1: 1, 2, 3, …');
    const given = makeDiagnostic('PositiveInteger', 'a.aegan', undefined, { what: '`batch`', value: -4 }, { hint: 'batch counts examples' });
    expect(given.hint).toBe('batch counts examples');
  });

  it('reaches the user through the checker: `batch -4` and `0x10` are told what to write', async () => {
    const { compileSpec } = await import('../../src/compile.js');
    const spec = (batch: string) => `data x: [4] from csv("x.csv")\nnetwork f(v: [4]) -> [4] {\n  dense(4)\n}\nloss l = mse(x, f(x))\ntrain {\n  step s: minimize l over f with adam()\n  steps 1\n  batch ${batch}\n}\n`;
    const hints = (text: string) => compileSpec(text, 'a.aegan').diagnostics.map((d) => [d.code, d.hint]);
    expect(hints(spec('-4'))).toContainEqual(['E0407', 'give a whole number from 1: 1, 2, 3, …']);
    expect(hints(spec('0x10'))).toContainEqual(['E0106', 'write numbers in decimal, such as 16, 0.5 or 1e-3']);
  });
});
