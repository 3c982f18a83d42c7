// The process entry point: argv in, exit status out. bin/aeganc.js loads the
// compiled copy of this file; tests and `node --import tsx` can load it directly.
import { main } from './main.js';
import { processIo } from './io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
