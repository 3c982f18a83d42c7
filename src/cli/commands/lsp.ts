import type { Command } from 'commander';

/**
 * `aeganc lsp`: the language server on stdin/stdout. run.ts starts it without
 * loading the other commands (and their tfjs and ts-morph); this registration
 * gives it `--help` and a line in the command list.
 */
export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .description('run the language server for editors (JSON-RPC on stdin/stdout)')
    .option('--stdio', 'talk over stdin/stdout (the default and only transport)')
    .action(async () => {
      const { startLanguageServer } = await import('../../lsp/server.js');
      startLanguageServer({ input: process.stdin, output: process.stdout });
      // The server ends the process itself when the editor sends `exit`.
      await new Promise(() => undefined);
    });
}
