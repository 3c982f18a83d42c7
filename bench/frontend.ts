// Front-end benchmark: parse + check + lower of the largest example and of a
// generated 500-line spec, median after warm-up. Writes bench/results/frontend.json.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileSpec } from '../src/compile.js';
import { parse } from '../src/parser/parse.js';
import { machineInfo, medianMs } from './machine.js';
import { generatedSpec } from './generatedSpec.js';

const root = join(import.meta.dirname, '..');

function main(): void {
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
  const report = { benchmark: 'front end: parse + check + lower', machine: machineInfo(), unit: 'ms, median of 50 after 10 warm-up runs', results };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/frontend.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const r of results) console.log(`${r.name}: parse ${r.parseMs} ms, parse+check+lower ${r.parseCheckLowerMs} ms`);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
main();
