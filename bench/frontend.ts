// Front-end benchmark: parse + check + lower of the largest example and of a
// generated 500-line spec, median after warm-up. Writes bench/results/frontend.json.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileSpec } from '../src/compile.js';
import { parse } from '../src/parser/parse.js';
import { machineInfo, medianMs } from './machine.js';

const root = join(import.meta.dirname, '..');

/** A spec of about `lines` lines: many small networks, lets and losses, all checking clean. */
export function generatedSpec(lines: number): string {
  const out = ['model generated', 'param width = 32', 'data x: [28, 28, 1] from mnist(split: "train")', 'latent z: [16] ~ normal(0, 1)', ''];
  let i = 0;
  const losses: string[] = [];
  while (out.length + i + 21 < lines) {
    out.push(`network enc${i}(img: [28, 28, 1]) -> [16] {`, '  conv2d(8, kernel: 3, stride: 2) |> relu', '  conv2d(16, kernel: 3, stride: 2) |> batchnorm |> leaky_relu(0.2)', '  flatten |> dense(width) |> relu', '  dense(16)', '}');
    out.push(`network dec${i}(code: [16]) -> [28, 28, 1] {`, '  dense(7 * 7 * 16) |> relu', '  reshape([7, 7, 16])', '  conv2d_transpose(8, kernel: 3, stride: 2) |> relu', '  conv2d_transpose(1, kernel: 3, stride: 2) |> sigmoid', '}');
    out.push(`let code${i} = enc${i}(x)`, `loss recon${i} = bce(x, dec${i}(code${i})) + 0.01 * mean(square(code${i} - z))`, '');
    losses.push(`recon${i}`);
    i++;
  }
  out.push('train {');
  for (let j = 0; j < i; j++) out.push(`  step s${j}: minimize recon${j} over enc${j}, dec${j} with adam(lr: 1e-3)`);
  out.push('  batch 64', '  steps 100', '}');
  return `${out.join('\n')}\n`;
}

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
