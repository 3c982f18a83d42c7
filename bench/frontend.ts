// Front-end benchmark: parse + check + lower of the largest example and of a
// generated 500-line spec, median after warm-up. Writes bench/results/frontend.json.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileSpec } from '../src/compile.js';
import { parse } from '../src/parser/parse.js';
import { machineInfo, medianMs } from './machine.js';
import { generatedSpec } from './generatedSpec.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main as cli } from '../src/cli/main.js';
import { lexFlood, manyBadParams, mseSum, nestedParens, paramChain, pipeChain, plusChain, reversedLets } from './bigInputs.js';

const root = join(import.meta.dirname, '..');

/**
 * The inputs of issue 7 that once hung, flooded or crashed the front end,
 * through the CLI in process: seconds per command (best of 3) and bytes printed.
 * Before the fix (same machine, CLI in a child process, tsx start-up ≈3 s
 * included): the lexical flood printed 64 MB; 20,000 bad params ran past 60 s;
 * the chains, sums and lets exited 70 (stack overflow); 10,000 parentheses were
 * an internal error; the 10,000-stage pipe took 21 s to check and over 60 s to build.
 */
async function bigInputs(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aegan-bench-'));
  const inputs: [string, string][] = [
    ['12 KB of `§ ` (4,000 bad characters)', lexFlood(4000)],
    ['20,000 params naming unknown names', manyBadParams(20000)],
    ['a 5,000-term `+` chain', plusChain(5000)],
    ['2,000 params each naming the next', paramChain(2000)],
    ['3,000 lets in reverse order', reversedLets(3000)],
    ['a sum of 10,000 mse terms', mseSum(10000)],
    ['10,000 nested parentheses', nestedParens(10000)],
    ['a 10,000-stage `|>` chain', pipeChain(10000)],
  ];
  const rows: Record<string, unknown>[] = [];
  for (const [name, text] of inputs) {
    writeFileSync(join(dir, 'big.aegan'), text);
    const row: Record<string, unknown> = { name };
    for (const command of ['check', 'ir', 'fmt', 'build']) {
      const extra = command === 'fmt' ? ['--stdout'] : command === 'build' ? ['-o', '-'] : [];
      let best = Infinity;
      let bytes = 0;
      let status = 0;
      for (let round = 0; round < 3; round++) {
        let printed = 0;
        const started = performance.now();
        status = await cli([command, 'big.aegan', ...extra], { stdout: (t) => void (printed += t.length), stderr: (t) => void (printed += t.length), cwd: dir, isTTY: false });
        best = Math.min(best, performance.now() - started);
        bytes = printed;
      }
      row[command] = { seconds: round(best / 1000), status, printedChars: bytes };
    }
    rows.push(row);
    console.log(`${name}: ${['check', 'ir', 'fmt', 'build'].map((c) => `${c} ${(row[c] as { seconds: number }).seconds} s`).join(', ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

async function main(): Promise<void> {
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.aegan'));
  const largest = examples.map((f) => ({ f, text: readFileSync(join(root, 'examples', f), 'utf8') })).sort((a, b) => b.text.length - a.text.length)[0]!;
  const generated = generatedSpec(500);
  const generatedCheck = compileSpec(generated, 'generated.aegan');
  if (!generatedCheck.value) throw new Error(`generated spec does not check: ${generatedCheck.diagnostics.map((d) => d.message).join('; ')}`);
  const cases = [
    { name: `largest example (${largest.f}, ${largest.text.split('\n').length} lines)`, text: largest.text },
    { name: `generated spec (${generated.split('\n').length} lines)`, text: generated },
  ];
  const results = cases.map(({ name, text }) => {
    const parseMs = medianMs(() => parse(text, 'bench.aegan'), 50, 10);
    const totalMs = medianMs(() => compileSpec(text, 'bench.aegan'), 50, 10);
    return { name, parseMs: round(parseMs), parseCheckLowerMs: round(totalMs), checkAndLowerShare: round(1 - parseMs / totalMs) };
  });
  const big = await bigInputs();
  const report = { benchmark: 'front end: parse + check + lower', machine: machineInfo(), unit: 'ms, median of 50 after 10 warm-up runs', results, bigInputs: big };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/frontend.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const r of results) console.log(`${r.name}: parse ${r.parseMs} ms, parse+check+lower ${r.parseCheckLowerMs} ms`);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
await main();
