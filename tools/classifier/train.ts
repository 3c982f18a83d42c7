// Retrains the shipped classifiers (assets/classifiers): exports the data with
// the project's loaders, then runs train.py under PyTorch on one thread.
//
//   npx tsx tools/classifier/train.ts [mnist|fashion-mnist ...]
//
// Python: $AEGANC_PYTHON, else /usr/bin/python3 (needs torch and numpy).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const python = process.env.AEGANC_PYTHON ?? '/usr/bin/python3';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aeganc-classifier-'));
const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
try {
  run(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(here, 'exportData.ts'), dataDir]);
  run(python, [path.join(here, 'train.py'), dataDir, path.join(root, 'assets/classifiers'), ...process.argv.slice(2)]);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
