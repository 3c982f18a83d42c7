// The process entry point: argv in, exit status out. bin/aeganc.js loads the
// compiled copy of this file; tests and `node --import tsx` can load it directly.
import { processIo } from './io.js';

const argv = process.argv.slice(2);
if (argv[0] === 'lsp' && argv.slice(1).every((a) => a === '--stdio')) {
  // An editor starts the server often: skip the other commands' heavy imports (tfjs, ts-morph).
  const { startLanguageServer } = await import('../lsp/server.js');
  startLanguageServer({ input: process.stdin, output: process.stdout });
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv, processIo());
}
