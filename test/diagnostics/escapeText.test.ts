import { describe, expect, it } from 'vitest';
import { diagnosticToJson, renderDiagnostic } from '../../src/diagnostics/render.js';
import { makeDiagnostic } from '../../src/diagnostics/makeDiagnostic.js';
import { escapeControls } from '../../src/diagnostics/escapeText.js';
import { compileSpec } from '../../src/compile.js';
import { printIr } from '../../src/ir/print.js';
import { AE } from '../check/harness.js';

// User text never reaches the terminal raw: escapes, bells, C1 and bidi controls print as `\u{…}`.
describe('escaping user text in rendered diagnostics', () => {
  const span = (line: number, column: number, endColumn: number) => ({ start: { offset: 0, line, column }, end: { offset: 0, line, column: endColumn } });

  it('escapes C0, DEL, C1 and bidi controls, and keeps tabs and ordinary text', () => {
    expect(escapeControls('a\u001b[2Jb\u0007\u007f\u009b\u202e\u2066\tz é')).toBe('a\\u{1b}[2Jb\\u{7}\\u{7f}\\u{9b}\\u{202e}\\u{2066}\tz é');
  });

  it('prints the source line escaped, with the caret under the escaped span', () => {
    const source = 'loss \u001b[31ml = mse(x, y) + nope\n';
    const d = makeDiagnostic('UnknownName', 'spec.aegan', span(1, 27, 31), { name: 'nope' });
    expect(renderDiagnostic(d, source)).toBe([
      'error[E0201]: unknown name `nope`',
      ' --> spec.aegan:1:27',
      '  |',
      '1 | loss \\u{1b}[31ml = mse(x, y) + nope',
      '  |                                ^^^^',
    ].join('\n'));
  });

  it('widens a caret over escaped characters inside the span', () => {
    const source = 'data x: [4] from csv("a\u202eb.csv")\n';
    const d = makeDiagnostic('FileNotFound', 'spec.aegan', span(1, 22, 31), { path: 'a\u202eb.csv', problem: 'no such file' });
    const lines = renderDiagnostic(d, source).split('\n');
    expect(lines[0]).toBe('error[E0503]: cannot read a\\u{202e}b.csv: no such file');
    expect(lines[3]).toBe('1 | data x: [4] from csv("a\\u{202e}b.csv")');
    expect(lines[4]).toBe(`  | ${' '.repeat(21)}${'^'.repeat(16)}`);
  });

  it('escapes message parameters, hints, labels and fields that come from user text (a CSV header, say)', () => {
    const d = makeDiagnostic('DataFormat', 'spec.aegan', undefined, { path: 'x.csv', problem: 'no column `\u001b]0;owned\u0007`' }, { field: 'label \u009b', hint: 'the columns are \u001b[1ma\u001b[0m' });
    expect(renderDiagnostic(d)).toBe([
      'error[E0504]: x.csv: no column `\\u{1b}]0;owned\\u{7}`',
      '  --> spec.aegan (label \\u{9b})',
      '   = hint: the columns are \\u{1b}[1ma\\u{1b}[0m',
    ].join('\n'));
  });

  it('leaves JSON output exact: JSON.stringify escapes control characters itself', () => {
    const d = makeDiagnostic('DataFormat', 'spec.aegan', undefined, { path: 'x.csv', problem: 'no column `\u001b`' });
    const line = JSON.stringify(diagnosticToJson(d));
    expect(line).toContain('no column `\\u001b`');
    expect((JSON.parse(line) as { message: string }).message).toBe('x.csv: no column `\u001b`');
  });

  it('a string holding a raw escape is shown escaped in both the message and the snippet', () => {
    const source = 'data x: [28, 28, 1] from mnist(split: "tr\u001bain")\n';
    const d = compileSpec(source, 'spec.aegan').diagnostics.find((x) => x.code === 'E0213')!;
    expect(d.message).toBe('`split` must be `train` or `test`, not the string "tr\u001bain"');
    const text = renderDiagnostic(d, source);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('not the string "tr\\u{1b}ain"');
    expect(text.split('\n')[4]).toBe(`  | ${' '.repeat(38)}${'^'.repeat(13)}`);
  });

  it('`aeganc ir` prints a string from the spec escaped too', () => {
    const module = compileSpec(AE().replace('csv("x.csv")', 'csv("x\u001b[2J.csv")'), 'spec.aegan').value!;
    const text = printIr(module);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('csv(path: x\\u{1b}[2J.csv)');
  });
});
