// A child process for runFiles.test.ts (the run directory's lock): takes a run directory's lock, prints
// `held` (or the E0509 message), then either exits through process.exit or
// waits to be killed.
//   node --import tsx lockChild.ts DIR exit|wait
import { acquireRunLock } from '../../src/host/runLock.js';

const lock = await acquireRunLock(process.argv[2]!);
process.stdout.write('code' in lock ? `${lock.message}\n` : 'held\n');
if (process.argv[3] === 'exit') process.exit(0);
setInterval(() => undefined, 1000);
