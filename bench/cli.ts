// CLI benchmark (`npm run bench cli`, `-- --quick`): wall time of
// `aeganc check`, `ir`, `fmt` and `build` on every example and on a generated
// 500-line spec, each a fresh `node bin/aeganc.js` process as a user runs it
// (so Node's start and every import count), median (min–max) of N runs, and
// the median CPU seconds (user + system) each process used: on a loaded machine
// wall time mostly measures the wait for a core, CPU time what the command costs.
// Filters: `--only=mnist-dcgan` keeps the files whose name contains it; `--commands=check,ir`
// times only those commands.
// Needs dist/ (`npm run build`; built here when missing). Writes bench/results/cli.json and cli.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineInfo } from './machine.js';
import { generatedSpec } from './generatedSpec.js';

const root = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 9;
const allCommands: [string, string[]][] = [
  ['check', []],
  ['ir', []],
  ['fmt', ['--stdout']],
  ['build', ['-o', '-']],
];
// `--commands=check,ir,fmt`: only these (build takes ~10 s a file, the others well under 1 s).
const chosen = process.argv.find((a) => a.startsWith('--commands='))?.slice('--commands='.length).split(',');
const commands = allCommands.filter(([name]) => !chosen || chosen.includes(name));

// Loaded into each child with --import: its own CPU time, written to fd 3 as it exits.
const CPU_REPORT = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeSync(3, String((u.user + u.system) / 1e6)); });")}`;

interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly cpu: number;
  readonly status: number | null;
}

function wallSeconds(args: string[]): Timing {
  const times: number[] = [];
  const cpu: number[] = [];
  let status: number | null = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', CPU_REPORT, join(root, 'bin/aeganc.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    times.push((performance.now() - started) / 1000);
    cpu.push(Number(run.output[3]?.toString() ?? NaN));
    status = run.status;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const mid = Math.floor(times.length / 2);
  return { median: r(times[mid]!), min: r(times[0]!), max: r(times[times.length - 1]!), cpu: r(cpu[mid]!), status };
}

function main(): void {
  if (!existsSync(join(root, 'dist/cli/run.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'aegan-cli-bench-'));
  const generated = join(dir, 'generated500.aegan');
  writeFileSync(generated, generatedSpec(500));
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const files = [...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.aegan')).sort().map((f) => join('examples', f)), generated].filter((f) => !only || f.includes(only));
  const nodeStart = wallSeconds(['--version']);
  const rows: Record<string, unknown>[] = [];
  const load = loadavg()[0]!;
  for (const file of files) {
    const row: Record<string, unknown> = { file: file.startsWith(dir) ? 'generated 500-line spec' : file };
    for (const [command, extra] of commands) row[command] = wallSeconds([command, file, ...extra]);
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  rmSync(dir, { recursive: true, force: true });
  const machine = machineInfo();
  const loadAfter = loadavg()[0]!;
  const report = { only, benchmark: 'CLI wall time, a fresh node process per run', machine, runs, loadAverage: { before: load, after: loadAfter }, versionCommand: nodeStart, rows };
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'cli.json'), `${JSON.stringify(report, null, 2)}\n`);
  const cell = (c: unknown) => {
    const t = c as Timing;
    return `${t.median} (${t.min}–${t.max}), cpu ${t.cpu}${t.status === 0 ? '' : `, exit ${t.status}`}`;
  };
  const md = [
    '# CLI benchmark',
    '',
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${machine.date}; load average ${load.toFixed(2)}→${loadAfter.toFixed(2)} (a shared machine: read the spread)${only ? `; only files containing \`${only}\`` : ''}.`,
    `Seconds wall, median (min–max) of ${runs} fresh \`node bin/aeganc.js\` processes, and the median CPU seconds (user + system) of one. \`aeganc --version\` (Node's start, commander): ${cell(nodeStart)}. Target: check ≤ 0.4 s.`,
    '',
    `| file | ${commands.map(([c]) => c).join(' | ')} |`,
    `|---|${commands.map(() => '---|').join('')}`,
    ...rows.map((r) => `| ${r.file as string} | ${commands.map(([c]) => cell(r[c])).join(' | ')} |`),
    '',
  ].join('\n');
  writeFileSync(join(out, 'cli.md'), md);
  console.log(md);
}

main();
