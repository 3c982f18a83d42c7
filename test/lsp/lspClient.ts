// A minimal editor for the tests: spawns `aeganc lsp` as a child process and
// speaks JSON-RPC to it over stdio, as VS Code, Neovim or Helix would.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import {
  DidChangeTextDocumentNotification, LogMessageNotification, DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest,
  PublishDiagnosticsNotification, ShutdownRequest, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** The repository root (not from goldenFiles.ts: the benchmark uses this client outside vitest). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface LspSession {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  /** What the server wrote to stderr (it must never write anything but JSON-RPC to stdout). */
  readonly stderr: () => string;
  /** What the server logged to the editor (a feature that failed says so there). */
  readonly logs: () => string[];
  /** Every publishDiagnostics so far, in order of arrival. */
  readonly published: PublishDiagnosticsParams[];
  open(path: string, text: string): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams>;
  close(): Promise<number | null>;
}

export function uriOf(path: string): string {
  return pathToFileURL(join(ROOT, path)).href;
}

/** Starts the server the way the CLI does: `aeganc lsp --stdio`, from the TypeScript sources. */
export async function startSession(initializationOptions: Record<string, unknown> = {}): Promise<LspSession> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), 'lsp', '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, ((params: PublishDiagnosticsParams) => void)[]>();
  const published: PublishDiagnosticsParams[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    const queue = waiting.get(params.uri);
    queue?.shift()?.(params);
  });
  const logs: string[] = [];
  connection.onNotification(LogMessageNotification.type, (params) => void logs.push(params.message));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {}, initializationOptions });
  await connection.sendNotification(InitializedNotification.type, {});

  const nextDiagnostics = (uri: string) =>
    new Promise<PublishDiagnosticsParams>((resolve) => {
      const queue = waiting.get(uri) ?? [];
      queue.push(resolve);
      waiting.set(uri, queue);
    });

  return {
    connection,
    child,
    stderr: () => stderr,
    logs: () => logs,
    published,
    async open(path, text) {
      const uri = uriOf(path);
      const diagnostics = nextDiagnostics(uri);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'aegan', version: 1, text } });
      return diagnostics;
    },
    async change(uri, version, changes) {
      const diagnostics = nextDiagnostics(uri);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
      return diagnostics;
    },
    async close() {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
