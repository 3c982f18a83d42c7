// A data field named in `eval x from … every N` is a use of that field:
// references, definition and rename find it.
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../src/lsp/analyzeDocument.js';
import { referencesAt, renameAt } from '../../src/lsp/navigation.js';

const text = `data x: [16] from csv("a.csv")
network encoder(e: [16]) -> [4] {
  dense(4)
}
network decoder(h: [4]) -> [16] {
  dense(16) |> sigmoid
}
loss recon = bce(x, decoder(encoder(x)))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-3)
  steps 10
  eval x from csv("b.csv") every 5
}
`;

describe('eval in the editor', () => {
  it('counts the held-out field as a use of the data field', () => {
    const document = TextDocument.create('file:///spec.aegan', 'aegan', 1, text);
    const analysis = analyzeText(text, 'spec.aegan');
    const evalUse = text.indexOf('eval x') + 5;
    const lines = referencesAt(document, analysis, evalUse, true).map((l) => `${l.range.start.line}:${l.range.start.character}`);
    expect(lines).toEqual(['0:5', '7:17', '7:36', '11:7']);
    const edits = renameAt(document, analysis, 5, 'img')?.changes?.['file:///spec.aegan'] ?? [];
    expect(edits.map((e) => e.range.start.line)).toContain(11);
  });
});
