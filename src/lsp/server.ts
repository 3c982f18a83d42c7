// `aeganc lsp`: the language server over stdio. It wires the editor's requests
// to the features in this folder; each request reads the analysis of the
// document's current version, computed once per version.

import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { DeclarationCache } from '../parser/parse.js';
import { analyzeText, type Analysis } from './analyzeDocument.js';
import { toLspDiagnostic } from './toLspDiagnostic.js';
import { hoverAt } from './hover.js';
import { completionsAt } from './completion.js';
import { definitionAt, prepareRenameAt, referencesAt, renameAt } from './navigation.js';
import { documentSymbols } from './documentSymbols.js';
import { formattingEdits } from './formatting.js';
import { quickFixes } from './codeActions.js';

/**
 * Edits closer together than this are a burst: the document is checked once
 * the burst pauses this long. An edit after a quiet spell is checked at once.
 */
export const DEFAULT_DEBOUNCE_MS = 30;

export interface ServerOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

export function startLanguageServer({ input, output }: ServerOptions): Connection {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const parseCaches = new Map<string, DeclarationCache>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastEdit = new Map<string, number>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;

  const analysisOf = (document: TextDocument): Analysis => {
    const cached = analyses.get(document.uri);
    if (cached?.version === document.version) return cached.analysis;
    let cache = parseCaches.get(document.uri);
    if (!cache) parseCaches.set(document.uri, (cache = new DeclarationCache()));
    const analysis = analyzeText(document.getText(), displayPath(document.uri), cache);
    analyses.set(document.uri, { version: document.version, analysis });
    return analysis;
  };

  const publish = (document: TextDocument) => {
    const analysis = analysisOf(document);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(document, d)) });
  };

  const schedule = (document: TextDocument, delay: number) => {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri);
      // The document may have changed or closed while we waited.
      const current = documents.get(document.uri);
      if (current) guarded(() => publish(current), undefined);
    }, delay));
  };

  /** A feature that fails answers "nothing here" instead of taking the server down. */
  const guarded = <T>(run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (error) {
      connection.console.error(`aeganc lsp: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  };
  const withDocument: WithDocument = (uri, fallback, run) => {
    const document = documents.get(uri);
    return document ? guarded(() => run(document, analysisOf(document)), fallback) : fallback;
  };

  connection.onInitialize((params) => {
    const requested = (params.initializationOptions as { debounceMs?: unknown } | undefined)?.debounceMs;
    if (typeof requested === 'number' && requested >= 0) debounceMs = requested;
    return {
      capabilities: CAPABILITIES,
      serverInfo: { name: 'aeganc', version: '0.1.0' },
    };
  });

  // Fired on open too. A first edit after a pause (or an open) is checked at
  // once; the edits of a burst that follow wait for it to pause.
  documents.onDidChangeContent(({ document }) => {
    const now = performance.now();
    const previous = lastEdit.get(document.uri);
    lastEdit.set(document.uri, now);
    const inBurst = previous !== undefined && now - previous < debounceMs;
    schedule(document, inBurst || timers.has(document.uri) ? debounceMs : 0);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    analyses.delete(document.uri);
    parseCaches.delete(document.uri);
    lastEdit.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  registerFeatures(connection, (uri) => documents.get(uri), analysisOf, withDocument);

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** What the server offers: every feature of this folder, incremental sync, and quick fixes. */
const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  hoverProvider: true,
  // `>` of `|>`, and the space after it or after `from`, `with`, `over`, `~`…
  completionProvider: { triggerCharacters: ['>', ' '] },
  definitionProvider: true,
  referencesProvider: true,
  documentSymbolProvider: true,
  documentFormattingProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

/** Runs `run` on the open document `uri` and its analysis, guarded; `fallback` when it is not open or `run` fails. */
type WithDocument = <T>(uri: string, fallback: T, run: (document: TextDocument, analysis: Analysis) => T) => T;

/** The editor's requests, each answered by one feature of this folder from the document's current analysis. */
function registerFeatures(
  connection: Connection,
  documentAt: (uri: string) => TextDocument | undefined,
  analysisOf: (document: TextDocument) => Analysis,
  withDocument: WithDocument,
): void {
  connection.onHover(({ textDocument, position }) =>
    withDocument(textDocument.uri, null, (document, analysis) => hoverAt(analysis, document.offsetAt(position))));
  connection.onCompletion(({ textDocument, position, context }) =>
    withDocument(textDocument.uri, [], (document, analysis) => completionsAt(analysis, document.offsetAt(position), context?.triggerCharacter)));
  connection.onDefinition(({ textDocument, position }) =>
    withDocument(textDocument.uri, null, (document, analysis) => definitionAt(document, analysis, document.offsetAt(position))));
  connection.onReferences(({ textDocument, position, context }) =>
    withDocument(textDocument.uri, [], (document, analysis) => referencesAt(document, analysis, document.offsetAt(position), context.includeDeclaration)));
  connection.onPrepareRename(({ textDocument, position }) =>
    withDocument(textDocument.uri, null, (document, analysis) => prepareRenameAt(document, analysis, document.offsetAt(position))));
  // Rename may reject the new name with a ResponseError, which must reach the editor.
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const document = documentAt(textDocument.uri);
    return document ? renameAt(document, analysisOf(document), document.offsetAt(position), newName) : null;
  });
  connection.onDocumentSymbol(({ textDocument }) =>
    withDocument(textDocument.uri, [], (document, analysis) => documentSymbols(document, analysis)));
  connection.onDocumentFormatting(({ textDocument }) =>
    withDocument(textDocument.uri, [], (document) => formattingEdits(document)));
  connection.onCodeAction(({ textDocument, context }) =>
    withDocument(textDocument.uri, [], (document) => quickFixes(document, context.diagnostics)));
}

/** Diagnostics name the file as the editor's path, as `aeganc check` names it. */
function displayPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}
