// The VS Code side of aegan: starts `aeganc lsp` for .aegan files and hands
// it to the language client; everything else (diagnostics, hover, completion,
// navigation, formatting) comes from the server.
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const config = workspace.getConfiguration('aegan');
  const command = config.get<string>('server.command') || 'aeganc';
  const args = config.get<string[]>('server.args') ?? ['lsp'];
  const run = { command, args, transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'aegan' }],
    synchronize: { configurationSection: 'aegan' },
  };
  client = new LanguageClient('aegan', 'aegan (aeganc lsp)', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
