// `npm run bench`: every benchmark, one after another (never two at once on
// 2 cores), each in its own process so one cannot warm up another.
// `npm run bench -- training cli --quick`: only those, each in its short mode
// (flags starting with `--` go to every script).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const only = args.filter((a) => !a.startsWith('--'));
const scripts = readdirSync(here)
  // quality.ts trains for an hour: `npm run quality` runs it on its own.
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'machine.ts', 'generatedSpec.ts', 'bigInputs.ts', 'quality.ts'].includes(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  execFileSync(process.execPath, ['--import', 'tsx', join(here, script), ...flags], { stdio: 'inherit' });
}
if (existsSync(join(here, 'results'))) console.log(`\nresults in bench/results/`);
