// Language-server benchmark: how long after an edit of a 500-line spec its
// diagnostics reach the editor. The server runs as `aeganc lsp` in a child
// process with its default debounce. Each round of the first series sends one
// `didChange` after a pause (a dimension that breaks a network's shape, then
// the fix) and times it until the matching `publishDiagnostics` arrives; the
// second series types bursts of 5 edits 5 ms apart and times the last edit to
// its diagnostics (the debounce's wait included). Writes bench/results/lsp.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compileSpec } from '../src/compile.js';
import { DEFAULT_DEBOUNCE_MS } from '../src/lsp/server.js';
import { analyzeText } from '../src/lsp/analyzeDocument.js';
import { toLspDiagnostic } from '../src/lsp/toLspDiagnostic.js';
import { DeclarationCache } from '../src/parser/parse.js';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startSession, uriOf, type LspSession } from '../test/lsp/lspClient.js';
import { generatedSpec } from './generatedSpec.js';
import { machineInfo } from './machine.js';

const root = join(import.meta.dirname, '..');
const BUDGET_MS = 100;
const ROUNDS = 60;
const WARMUP = 10;

async function main(): Promise<void> {
  const spec = generatedSpec(511);
  if (compileSpec(spec, 'bench.aegan').diagnostics.length > 0) throw new Error('the generated spec does not check clean');
  const session = await startSession();
  const path = 'bench/results/lsp-bench.aegan';
  const uri = uriOf(path);
  const opened = await session.open(path, spec);
  if (opened.diagnostics.length > 0) throw new Error('the server reports diagnostics on a clean spec');

  // The last encoder's `dense(16)`: 17 breaks its declared output, 16 fixes it.
  let document = TextDocument.create(uri, 'aegan', 1, spec);
  const at = spec.lastIndexOf('  dense(16)') + '  dense('.length;
  const times: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const broken = round % 2 === 0;
    const range = { start: document.positionAt(at), end: document.positionAt(at + 2) };
    document = TextDocument.update(document, [{ range, text: broken ? '17' : '16' }], document.version + 1);
    const start = performance.now();
    const published = await session.change(uri, document.version, [{ range, text: broken ? '17' : '16' }]);
    const elapsed = performance.now() - start;
    const expected = broken ? 1 : 0;
    if (published.diagnostics.filter((d) => d.severity === 1).length !== expected) throw new Error(`round ${round}: expected ${expected} error(s), got ${JSON.stringify(published.diagnostics)}`);
    if (round >= WARMUP) times.push(elapsed);
  }

  // Bursts: five keystrokes 5 ms apart, ending on the broken or the fixed text.
  const burstTimes: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS / 2; round++) {
    let sentAt = 0;
    for (let key = 0; key < 5; key++) {
      const text = key % 2 === 0 ? '17' : '16';
      const range = { start: document.positionAt(at), end: document.positionAt(at + 2) };
      document = TextDocument.update(document, [{ range, text }], document.version + 1);
      sentAt = performance.now();
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: document.version }, contentChanges: [{ range, text }] });
      if (key < 4) await sleep(5);
    }
    await publishedVersion(session, document.version);
    if (round >= WARMUP) burstTimes.push(performance.now() - sentAt);
    await sleep(50);
  }
  await session.close();

  // The server's own work per edit, in CPU time (what other processes on the cores cannot inflate).
  const cache = new DeclarationCache();
  const cpuTimes: number[] = [];
  let text = spec;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    text = `${text.slice(0, at)}${round % 2 === 0 ? '17' : '16'}${text.slice(at + 2)}`;
    const edited = TextDocument.create(uri, 'aegan', round, text);
    const before = process.cpuUsage();
    analyzeText(text, path, cache).diagnostics.map((d) => toLspDiagnostic(edited, d));
    const used = process.cpuUsage(before);
    if (round >= WARMUP) cpuTimes.push((used.user + used.system) / 1000);
  }

  times.sort((a, b) => a - b);
  burstTimes.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const pickFrom = (list: number[], q: number) => round3(list[Math.min(list.length - 1, Math.floor(q * list.length))]!);
  const pick = (q: number) => pickFrom(times, q);
  const report = {
    benchmark: 'aeganc lsp: didChange → publishDiagnostics for a 500-line spec',
    machine: machineInfo(),
    // Other processes on the same cores slow every figure here; a load above the core count means a busy machine.
    loadAverage1m: round3(loadavg()[0]!),
    spec: { lines: spec.split('\n').length - 1, characters: spec.length },
    debounceMs: DEFAULT_DEBOUNCE_MS,
    unit: `ms from sending didChange to receiving publishDiagnostics (debounce included), ${ROUNDS} rounds after ${WARMUP} warm-up`,
    medianMs: pick(0.5),
    p95Ms: pick(0.95),
    maxMs: round3(times[times.length - 1]!),
    budgetMs: BUDGET_MS,
    medianWithinBudget: pick(0.5) <= BUDGET_MS,
    p95WithinBudget: pick(0.95) <= BUDGET_MS,
    serverCpu: {
      unit: `CPU ms of one re-analysis after the edit (parse with the declaration cache, check, diagnostics in LSP form), in process, ${ROUNDS} rounds`,
      medianMs: pickFrom(cpuTimes, 0.5),
      p95Ms: pickFrom(cpuTimes, 0.95),
    },
    burst: {
      unit: `ms from the last of 5 edits 5 ms apart to its publishDiagnostics, ${ROUNDS / 2} bursts after ${WARMUP} warm-up`,
      medianMs: pickFrom(burstTimes, 0.5),
      p95Ms: pickFrom(burstTimes, 0.95),
    },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/lsp.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`server CPU per edit: median ${report.serverCpu.medianMs} ms`);
  console.log(`after a burst of edits: median ${report.burst.medianMs} ms, p95 ${report.burst.p95Ms} ms`);
  console.log(`diagnostics after an edit of a ${report.spec.lines}-line spec: median ${report.medianMs} ms, p95 ${report.p95Ms} ms, max ${report.maxMs} ms (budget ${BUDGET_MS} ms, debounce ${DEFAULT_DEBOUNCE_MS} ms)`);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function publishedVersion(session: LspSession, version: number): Promise<void> {
  while (!session.published.some((p) => p.version === version)) await sleep(1);
}
await main();
