// The server driven as an editor drives it: `aeganc lsp` in a child process,
// JSON-RPC over its stdin and stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest, CompletionRequest, DefinitionRequest, DocumentFormattingRequest, DocumentSymbolRequest, HoverRequest,
  PrepareRenameRequest, ReferencesRequest, RenameRequest, type CompletionItem, type CompletionList, type DocumentSymbol,
  type Hover, type Location, type Position, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runCli } from '../cli/runCli.js';
import { ROOT, startSession, uriOf, type LspSession } from './lspClient.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The LSP position of the `nth` occurrence of `needle`, `delta` characters into it. */
function at(text: string, needle: string, { nth = 0, delta = 0 } = {}): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset === -1) throw new Error(`no ${needle} in the text`);
  return TextDocument.create('x', 'aegan', 0, text).positionAt(offset + delta);
}

const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');
const labels = (result: CompletionItem[] | CompletionList | null) => (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);

let session: LspSession;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  expect(session.logs()).toEqual([]);
  expect(await session.close()).toBe(0);
});

describe('aeganc lsp over JSON-RPC', () => {
  it('reports the seed autoencoder\'s diagnostics as `aeganc check --format json` does, at the same ranges', async () => {
    const path = 'examples/errors/seed-autoencoder.aegan';
    const published = await session.open(path, read(path));
    const check = await runCli(['check', '--format', 'json', path]);
    const expected = check.stdout.trim().split('\n').map((line) => JSON.parse(line) as { code: string; message: string; severity: string; line: number; column: number; endLine: number; endColumn: number; hint?: string });
    expect(expected.map((d) => d.code)).toEqual(['E0307', 'E0301']);
    expect(published.diagnostics.map((d) => ({
      code: d.code, message: d.message, severity: d.severity === 1 ? 'error' : 'warning',
      line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    }))).toEqual(expected.map(({ code, message, severity, line, column, endLine, endColumn }) => ({ code, message, severity, line, column, endLine, endColumn })));
    // The hint travels as related information on the same range.
    expect(published.diagnostics[1]!.relatedInformation?.map((r) => r.message)).toContain(`hint: ${expected[1]!.hint}`);
    // The shapes the bug is about are where the cursor is, although the file has errors.
    const text = read(path);
    const hover = (position: Position) => session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(path) }, position }).then(hoverText);
    expect(await hover(at(text, 'x)))'))).toContain('data x: [28, 28]');
    expect(await hover(at(text, 'dense(28)', { delta: 1 }))).toContain('[32] → [28]');
  });

  const vae = 'examples/mnist-vae.aegan';
  const vaeText = read(vae);
  const vaeUri = uriOf(vae);

  it('hover shows a layer\'s input and output shapes and its parameter count', async () => {
    expect((await session.open(vae, vaeText)).diagnostics).toEqual([]);
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'dense(400)', { delta: 2 }) });
    expect(hoverText(hover)).toContain('[784] → [400]');
    expect(hoverText(hover)).toContain('314,000 parameters');
  });

  it('hover on a network shows its summary, on a loss its terms, on a value its shape', async () => {
    const network = hoverText(await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'decoder(code', { delta: 1 }) }));
    expect(network).toContain('network decoder(code: [16])');
    expect(network).toMatch(/dense_1 +dense +\[400\] +6,800/);
    const loss = hoverText(await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'elbo', { delta: 1 }) }));
    expect(loss).toContain('loss elbo: scalar');
    expect(loss).toContain('kl_normal(mu, logvar)');
    expect(loss).toContain('2 terms');
    const value = hoverText(await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'h |>') }));
    expect(value).toContain('value h: [400]');
    const latent = hoverText(await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'mu, logvar) = encoder') }));
    expect(latent).toContain('let mu: [16]');
  });

  it('completion after `|> ` lists the layers with their arguments', async () => {
    const result = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'flatten') });
    const items = Array.isArray(result) ? result : result?.items ?? [];
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['dense', 'conv2d', 'relu', 'reshape', 'spectral_norm']));
    expect(items.find((i) => i.label === 'dense')?.insertText).toBe('dense(${1:units})');
    expect(items.map((i) => i.label)).not.toContain('mse');
    // Typing the space of `|> ` asks again; a space after anything else does not.
    const typed = 'network N(a: [4]) -> [4] {\n  dense(4) |> \n  relu \n}\n';
    await session.open('test/.tmp/pipe.aegan', typed);
    const onSpace = (position: Position) => session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf('test/.tmp/pipe.aegan') }, position, context: { triggerKind: 2, triggerCharacter: ' ' } });
    expect(labels(await onSpace(at(typed, '|> ', { delta: 3 })))).toContain('conv2d');
    expect(labels(await onSpace(at(typed, 'relu ', { delta: 5 })))).toEqual([]);
  });

  it('completes in context: keywords, optimizers, data sources, declared names', async () => {
    const uri = uriOf('test/.tmp/complete.aegan');
    const text = 'data x: [4] from mn\nnetwork N(a: [4]) -> [4] { dense(4) }\nloss l = mse(x, N(x))\ntrain {\n  step s: minimize l over N with ad\n  \n}\n';
    await session.open('test/.tmp/complete.aegan', text);
    const complete = async (position: Position) => labels(await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }));
    expect(await complete(at(text, 'mn', { delta: 2 }))).toContain('mnist');
    expect(await complete(at(text, 'with ad', { delta: 7 }))).toEqual(['adam', 'adamw', 'sgd', 'rmsprop']);
    expect(await complete(at(text, 'over N', { delta: 5 }))).toEqual(['N']);
    expect(await complete(at(text, '  \n}'))).toEqual(expect.arrayContaining(['step', 'batch', 'epochs', 'sample']));
    expect(await complete({ line: 0, character: 0 })).toEqual(expect.arrayContaining(['data', 'network', 'loss', 'train']));
    expect(await complete(at(text, 'x, N(x))'))).toEqual(expect.arrayContaining(['x', 'l', 'N', 'mse']));
  });

  it('definition jumps to the declaration; references list every use', async () => {
    const definition = await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'decoder(reparam') }) as Location;
    expect(definition.range.start).toEqual(at(vaeText, 'decoder(code'));
    const local = await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'h |> dense(16)') }) as Location;
    expect(local.range.start).toEqual(at(vaeText, 'h = img'));
    const references = await session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: vaeUri }, position: at(vaeText, 'x: [28'), context: { includeDeclaration: true } });
    expect(references?.map((r) => r.range.start)).toEqual([at(vaeText, 'x: [28'), at(vaeText, 'encoder(x)', { delta: 8 }), at(vaeText, 'bce(x', { delta: 4 })]);
  });

  it('rename changes the declaration and every use, and refuses a name that is not one', async () => {
    const position = at(vaeText, 'encoder, decoder', { delta: 1 });
    const prepared = await session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: vaeUri }, position });
    expect(prepared).toMatchObject({ placeholder: 'encoder' });
    const edit = await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: vaeUri }, position, newName: 'enc' });
    const renamed = TextDocument.applyEdits(TextDocument.create(vaeUri, 'aegan', 1, vaeText), edit!.changes![vaeUri]!);
    expect(renamed).toBe(vaeText.replaceAll('encoder', 'enc'));
    await expect(session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: vaeUri }, position, newName: '2bad' })).rejects.toThrow(/not a valid name/);
  });

  it('document symbols outline every declaration, with a network\'s values and the steps beneath', async () => {
    const symbols = await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: vaeUri } }) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['x', 'encoder', 'decoder', 'mu', 'logvar', 'elbo', 'train']);
    expect(symbols[1]!.children!.map((c) => c.name)).toEqual(['img', 'h', 'mu', 'logvar']);
    expect(symbols[6]!.children!.map((c) => c.name)).toEqual(['vae']);
  });

  it('formatting is `aeganc fmt`', async () => {
    const path = 'test/.tmp/format.aegan';
    const messy = vaeText.replace('batch 128', 'batch    128').replace('network decoder(code: [16])', 'network   decoder( code : [16] )');
    await session.open(path, messy);
    const edits = await session.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uriOf(path) }, options: { tabSize: 2, insertSpaces: true } }) as TextEdit[];
    expect(TextDocument.applyEdits(TextDocument.create('x', 'aegan', 1, messy), edits)).toBe(vaeText);
    const clean = await session.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: vaeUri }, options: { tabSize: 2, insertSpaces: true } });
    expect(clean).toEqual([]);
  });

  it('a did-you-mean becomes a quick fix that renames', async () => {
    const path = 'test/.tmp/typo.aegan';
    const typo = vaeText.replace('|> relu |> dense(784)', '|> rleu |> dense(784)');
    const published = await session.open(path, typo);
    const diagnostic = published.diagnostics.find((d) => d.code === 'E0201')!;
    expect(diagnostic.range.start).toEqual(at(typo, 'rleu'));
    const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions?.find((a) => 'edit' in a && a.title.includes('`relu`'));
    expect(fix).toBeDefined();
    const edits = (fix as { edit: { changes: Record<string, TextEdit[]> } }).edit.changes[uriOf(path)]!;
    expect(TextDocument.applyEdits(TextDocument.create('x', 'aegan', 1, typo), edits)).toBe(vaeText);
  });

  it('diagnostics follow incremental edits and name non-ASCII lines by UTF-16 character', async () => {
    const path = 'test/.tmp/edits.aegan';
    const uri = uriOf(path);
    expect((await session.open(path, vaeText)).diagnostics).toEqual([]);
    // A comment with characters outside the BMP before the error: each 😀 is two UTF-16 units.
    const broken = await session.change(uri, 2, [{ range: { start: at(vaeText, 'let (mu'), end: at(vaeText, 'let (mu') }, text: 'let q = 1 // 😀é😀\nlet r = zz // 😀\n' }]);
    const unknown = broken.diagnostics.find((d) => d.code === 'E0201')!;
    expect(unknown.message).toBe('unknown name `zz`');
    expect(unknown.range).toEqual({ start: { line: 13, character: 8 }, end: { line: 13, character: 10 } });
    const emojiLine = await session.change(uri, 3, [{ range: { start: { line: 13, character: 0 }, end: { line: 13, character: 0 } }, text: '/* é😀 */ ' }]);
    expect(emojiLine.diagnostics.find((d) => d.code === 'E0201')!.range.start).toEqual({ line: 13, character: 8 + '/* é😀 */ '.length });
    expect('/* é😀 */ '.length).toBe(10);
  });
});
