// The server never fails on half-typed input. The parser's and the checker's
// fuzz corpora are replayed as incremental edits of an open document (each
// mutated text reached from the previous one by one range replacement, as an
// editor sends it), and after every edit every feature is asked about several
// places; then a spec is typed character by character.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HoverRequest, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../src/lsp/analyzeDocument.js';
import { toLspDiagnostic } from '../../src/lsp/toLspDiagnostic.js';
import { hoverAt } from '../../src/lsp/hover.js';
import { completionsAt } from '../../src/lsp/completion.js';
import { definitionAt, prepareRenameAt, referencesAt, renameAt } from '../../src/lsp/navigation.js';
import { documentSymbols } from '../../src/lsp/documentSymbols.js';
import { formattingEdits } from '../../src/lsp/formatting.js';
import { quickFixes } from '../../src/lsp/codeActions.js';
import { mutatedText } from '../parser/mutations.js';
import { mutate, mutation } from '../check/checkerMutations.js';
import { ROOT } from '../goldenFiles.js';
import { startSession, uriOf } from './lspClient.js';

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.aegan'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

/** The one range replacement that turns `before` into `after` (common prefix and suffix kept). */
function changeBetween(document: TextDocument, after: string): TextDocumentContentChangeEvent {
  const before = document.getText();
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const range: Range = { start: document.positionAt(start), end: document.positionAt(before.length - end) };
  return { range, text: after.slice(start, after.length - end) };
}

function expectInside(document: TextDocument, range: Range): void {
  for (const p of [range.start, range.end]) {
    expect(p.line).toBeGreaterThanOrEqual(0);
    expect(p.character).toBeGreaterThanOrEqual(0);
    expect(document.offsetAt(p)).toBeLessThanOrEqual(document.getText().length);
  }
}

/** Every feature, at a few places; each answer must be well-formed. */
function exercise(document: TextDocument, places: readonly number[]): void {
  const analysis = analyzeText(document.getText(), 'typed.aegan');
  const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(document, d));
  for (const d of diagnostics) {
    expectInside(document, d.range);
    expect(d.message).not.toMatch(/undefined|\[object/);
  }
  for (const action of quickFixes(document, diagnostics)) expect(action.edit).toBeDefined();
  for (const symbol of documentSymbols(document, analysis)) expectInside(document, symbol.range);
  for (const edit of formattingEdits(document)) expectInside(document, edit.range);
  const length = document.getText().length;
  for (const fraction of places) {
    const offset = Math.floor(fraction * (length + 1));
    const hover = hoverAt(analysis, offset);
    if (hover) expect(JSON.stringify(hover.contents)).not.toMatch(/undefined|\[object/);
    for (const item of completionsAt(analysis, offset)) expect(item.label).toMatch(/^[A-Za-z_]\w*$/);
    const definition = definitionAt(document, analysis, offset);
    if (definition) expectInside(document, definition.range);
    for (const reference of referencesAt(document, analysis, offset, true)) expectInside(document, reference.range);
    if (prepareRenameAt(document, analysis, offset)) expect(renameAt(document, analysis, offset, 'renamed')?.changes).toBeDefined();
  }
}

const places = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 4 });
const runs = Number(process.env.AEGANC_FUZZ_RUNS ?? 200);

describe('the language server on half-typed input', () => {
  it('replays the parser\'s fuzz corpus as incremental edits of one document', () => {
    let document = TextDocument.create('file:///typed.aegan', 'aegan', 1, examples[0]!);
    fc.assert(
      fc.property(mutatedText(examples), places, (text, at) => {
        document = TextDocument.update(document, [changeBetween(document, text)], document.version + 1);
        expect(document.getText()).toBe(text);
        exercise(document, at);
      }),
      { numRuns: runs, seed: Number(process.env.AEGANC_FUZZ_SEED ?? 20261201) },
    );
  });

  it('replays the checker\'s fuzz corpus as incremental edits of one document', () => {
    let document = TextDocument.create('file:///typed.aegan', 'aegan', 1, examples[0]!);
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), places, (index, mutations, at) => {
        const text = mutate(examples[index]!, mutations);
        document = TextDocument.update(document, [changeBetween(document, text)], document.version + 1);
        exercise(document, at);
      }),
      { numRuns: runs, seed: Number(process.env.AEGANC_FUZZ_SEED ?? 20261201) },
    );
  });

  it('survives a spec typed one character at a time', () => {
    const spec = readFileSync(join(ROOT, 'examples/mnist-vae.aegan'), 'utf8');
    let document = TextDocument.create('file:///typed.aegan', 'aegan', 1, '');
    for (let i = 0; i < spec.length; i++) {
      const end = document.positionAt(i);
      document = TextDocument.update(document, [{ range: { start: end, end }, text: spec[i]! }], document.version + 1);
      exercise(document, [1 - 1e-9]);
    }
    expect(document.getText()).toBe(spec);
    expect(analyzeText(spec, 'typed.aegan').diagnostics).toEqual([]);
  });
});

describe('the language server process on half-typed input', () => {
  it('answers every edit of a fuzzed session with diagnostics, and keeps answering', async () => {
    const session = await startSession({ debounceMs: 0 });
    const uri = uriOf('test/.tmp/fuzzed.aegan');
    await session.open('test/.tmp/fuzzed.aegan', examples[0]!);
    let document = TextDocument.create(uri, 'aegan', 1, examples[0]!);
    const texts = fc.sample(mutatedText(examples), { numRuns: 40, seed: 20261201 });
    for (const text of texts) {
      const change = changeBetween(document, text);
      document = TextDocument.update(document, [change], document.version + 1);
      const published = await session.change(uri, document.version, [change]);
      expect(published.version).toBe(document.version);
      await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: document.positionAt(text.length >> 1) });
    }
    expect(session.stderr()).toBe('');
    expect(session.logs()).toEqual([]);
    expect(await session.close()).toBe(0);
  });
});
