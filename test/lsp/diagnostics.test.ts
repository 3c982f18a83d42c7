// For every example (the clean ones and the seed articles' bugs), the editor
// gets what `aeganc check --format json` prints: same codes, messages,
// severities and ranges (1-based there, 0-based UTF-16 here).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../src/lsp/analyzeDocument.js';
import { didYouMeanNames, toLspDiagnostic } from '../../src/lsp/toLspDiagnostic.js';
import { runCli } from '../cli/runCli.js';
import { ROOT } from '../goldenFiles.js';

const specs = [
  ...readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.aegan')).map((f) => `examples/${f}`),
  ...readdirSync(join(ROOT, 'examples/errors')).filter((f) => f.endsWith('.aegan')).map((f) => `examples/errors/${f}`),
];

describe('diagnostics in the editor are aeganc check\'s', () => {
  it.each(specs)('%s', async (path) => {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const document = TextDocument.create(`file:///${path}`, 'aegan', 1, text);
    const check = await runCli(['check', '--format', 'json', path]);
    const expected = check.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
      .map(({ code, message, severity, line, column, endLine, endColumn }) => ({ code, message, severity, line, column, endLine, endColumn }));
    const actual = analyzeText(text, path).diagnostics.map((d) => toLspDiagnostic(document, d)).map((d) => ({
      code: d.code, message: d.message, severity: d.severity === 1 ? 'error' : 'warning',
      line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    }));
    expect(actual).toEqual(expected);
  });

  it('puts a CRLF file\'s diagnostics on the lines and characters an editor shows', () => {
    const text = readFileSync(join(ROOT, 'examples/errors/seed-autoencoder.aegan'), 'utf8');
    const crlf = text.replaceAll('\n', '\r\n');
    const document = TextDocument.create('file:///crlf.aegan', 'aegan', 1, crlf);
    const ranges = (t: string, d: TextDocument) => analyzeText(t, 'x.aegan').diagnostics.map((x) => toLspDiagnostic(d, x).range);
    expect(ranges(crlf, document)).toEqual(ranges(text, TextDocument.create('file:///lf.aegan', 'aegan', 1, text)));
    expect(document.getText(ranges(crlf, document)[1]!)).toBe('x');
  });

  it('reads the names of a did-you-mean hint', () => {
    expect(didYouMeanNames('did you mean `relu`?')).toEqual(['relu']);
    expect(didYouMeanNames('did you mean `a`, `b` or `c`?')).toEqual(['a', 'b', 'c']);
    expect(didYouMeanNames('declare it with `let`')).toEqual([]);
    expect(didYouMeanNames(undefined)).toEqual([]);
  });
});
