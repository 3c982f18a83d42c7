// The report's parts: escaping, what it reads from metrics.jsonl (and what it
// tolerates), the chart's scales, which grids it shows, and a damaged run.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapeHtml, html, trustedHtml } from '../../src/host/report/html.js';
import { lastValues, lossPanels } from '../../src/host/report/lossSeries.js';
import { bucketMeans, formatNumber, linearTicks, logTicks, MAX_POINTS, renderChart } from '../../src/host/report/svgChart.js';
import { chosenGrids, renderReport } from '../../src/host/report/reportPage.js';
import { parseMetrics, readRunContents, type RunContents } from '../../src/host/report/runContents.js';
import { buildReport } from '../../src/host/report/writeReport.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-report-'));
  dirs.push(dir);
  return dir;
}

const emptyRun = (extra: Partial<RunContents> = {}): RunContents => ({ dir: '/runs/r', records: [], gridFolders: [], hasCheckpoint: false, locked: false, problems: [], ...extra });

describe('html', () => {
  it('escapes every interpolated value, and passes Html through', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const name = '</title><script>alert(1)</script>';
    expect(html`<p>${name}${trustedHtml('<b>ok</b>')}${[1, 'a<']}${undefined}${false}</p>`.text).toBe(
      '<p>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;<b>ok</b>1a&lt;</p>',
    );
  });

  it('keeps spec text and names from becoming markup in the page, and leaves the style sheet as written', () => {
    const spec = 'model m // </pre><script>alert("x")</script>\n';
    const page = renderReport(
      emptyRun({ spec, info: { model: '<img src=x onerror=alert(1)>', params: { 'a"b': 1 } }, records: [{ step: 1, losses: { '<i>l</i>': 0.5 } }] }),
      new Map(),
      new Date(0),
    );
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<i>l</i>');
    expect(page).toContain('&lt;/pre&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Entities are not decoded inside <style>: an escaped quote there would break the fonts.
    expect(page).toContain('"Segoe UI"');
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`);
  });
});

describe('the curves read from metrics.jsonl', () => {
  const records = [
    { step: 1, epoch: 0, losses: { elbo: 200, recon: 180, kl: 20 }, grad_norms: { vae: 3 }, samples_per_second: 10 },
    { step: 2, epoch: 0, losses: { elbo: 150, recon: 140, kl: 10 }, grad_norms: { vae: 2 }, future_key: [1, 2] },
    // h/eval's held-out record: only eval.losses are curves (examples is a count).
    { step: 2, epoch: 0, eval: { split: 'held-out', examples: 1500, sources: ['mnist(split: "test")'], losses: { elbo: 160, recon: 150 } } },
    { iteration: 3, kind: 'eval', losses: { elbo: 155 } },
    { step: 3, eval: { elbo: 154 } },
    { losses: { elbo: 1 } },
    { step: 4, losses: { elbo: null, recon: 'x' } },
  ];

  it('makes one panel per loss with its training and held-out curves, and one of gradient norms', () => {
    const panels = lossPanels(records);
    expect(panels.map((p) => p.title)).toEqual(['elbo', 'recon', 'kl', 'gradient norm (L2) per step']);
    expect(panels[0]!.series).toEqual([
      { label: 'elbo', kind: 'train', points: [[1, 200], [2, 150]] },
      { label: 'elbo', kind: 'eval', points: [[2, 160], [3, 155], [3, 154]] },
    ]);
    expect(panels[3]!.series).toEqual([{ label: 'step vae', kind: 'train', points: [[1, 3], [2, 2]] }]);
  });

  it('gives the last values for the runs table', () => {
    expect(lastValues(records)).toEqual({ step: 4, epoch: 0, losses: [['elbo', 150], ['recon', 140], ['kl', 10]], held: [['elbo', 154], ['recon', 150]] });
  });

  it('skips lines that are not JSON objects and counts them', () => {
    expect(parseMetrics('{"step":1}\n{"step":2,"los\n[1]\n\n{"step":3}\n')).toEqual({ records: [{ step: 1 }, { step: 3 }], badLines: 2 });
  });
});

describe('the chart', () => {
  it('averages a long curve into at most MAX_POINTS buckets', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => [i + 1, i % 2] as const);
    const { points: out, perBucket } = bucketMeans(points);
    expect(out.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(perBucket).toBe(25);
    expect(out[0]).toEqual([13, 12 / 25]);
  });

  it('is logarithmic for a positive loss spanning decades, linear for one that goes negative', () => {
    const falling = renderChart({ title: 'recon', series: [{ label: 'recon', kind: 'train', points: [[1, 0.7], [2, 0.05], [3, 0.01]] }] });
    expect(falling.log).toBe(true);
    expect(falling.svg.text).toContain('data-scale="log"');
    const critic = renderChart({ title: 'd', series: [{ label: 'd', kind: 'train', points: [[1, -3], [2, 1]] }] });
    expect(critic.log).toBe(false);
    expect(critic.svg.text).toContain('data-scale="linear"');
    expect(critic.svg.text).toMatch(/<polyline class="curve train" points="58\.0,[\d.]+ 506\.0,[\d.]+"/);
  });

  it('marks held-out points and draws a lone point', () => {
    const { svg } = renderChart({ title: 'l', series: [{ label: 'l', kind: 'train', points: [[5, 1]] }, { label: 'l', kind: 'eval', points: [[5, 2], [10, 1.5]] }] });
    expect(svg.text.match(/<circle/g)?.length).toBe(3);
    expect(svg.text).toContain('data-kind="eval"');
  });

  it('has round ticks and short labels', () => {
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(-3.2, 1.2)).toEqual([-3, -2, -1, 0, 1]);
    expect(linearTicks(0, 1).map(formatNumber)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(logTicks(0.01, 0.7)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
    expect(logTicks(1e-4, 10)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    expect(formatNumber(123456)).toBe('1.2e5');
  });
});

describe('grids', () => {
  it('shows at most 8 of a folder, evenly spaced, the first and the last always', () => {
    const folder = { dir: 'samples', kind: 'samples' as const, grids: Array.from({ length: 30 }, (_, i) => ({ file: `samples/step-${i}.png`, iteration: (i + 1) * 100 })) };
    const chosen = chosenGrids(folder).map((g) => g.iteration);
    expect(chosen.length).toBe(8);
    expect(chosen[0]).toBe(100);
    expect(chosen[7]).toBe(3000);
    expect(chosenGrids({ ...folder, grids: folder.grids.slice(0, 3) }).length).toBe(3);
  });
});

describe('a damaged run', () => {
  it('is read without throwing, each problem named, and still gets a page', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'run.json'), '{"model": "m",');
    await writeFile(path.join(dir, 'metrics.jsonl'), '{"step": 1, "losses": {"l": 0.5}}\n{"step": 2, "los');
    await writeFile(path.join(dir, 'eval.json'), '[1, 2]');
    await mkdir(path.join(dir, 'samples', '2'), { recursive: true });
    await writeFile(path.join(dir, 'samples', '2', 'step-000010.png'), 'not a png, but bytes');
    await mkdir(path.join(dir, 'spec.aegan'));
    const contents = await readRunContents(dir);
    expect(contents.problems).toEqual([
      expect.stringMatching(/^run\.json is not valid JSON \(/),
      'spec.aegan cannot be read: it is not a regular file',
      'metrics.jsonl: 1 line skipped (not a JSON object)',
      'eval.json is not a JSON object',
    ]);
    expect(contents.records).toEqual([{ step: 1, losses: { l: 0.5 } }]);
    expect(contents.gridFolders).toEqual([{ dir: 'samples/2', kind: 'samples', grids: [{ file: 'samples/2/step-000010.png', iteration: 10 }] }]);
    const { page } = await buildReport(dir);
    expect(page).toContain('run.json is not valid JSON');
    expect(page).toContain('src="data:image/png;base64,');
    expect(page).toContain('spec.aegan could not be read');
  });
});

describe('eval.json', () => {
  it('is summed up by its metrics, and an eval.json of another shape by its numbers', async () => {
    const { evalHeadline, evalGroups } = await import('../../src/host/report/evalResult.js');
    const written = { format: 1, step: 10, examples: 1500, losses: { recon: 0.1 }, metrics: { mse: 0.01, bce: 0.09, k: 200 }, generative: null, split: 'test' };
    expect(evalHeadline(written)).toEqual([['mse', 0.01], ['bce', 0.09]]);
    expect(evalGroups(written).map((g) => g.title)).toEqual(['metrics', 'generative metrics', 'held-out losses', 'measured on']);
    const other = { step: 5, fid: 12.5, coverage: { '0': 0.1 }, note: 'x' };
    expect(evalHeadline(other)).toEqual([['fid', 12.5], ['coverage.0', 0.1]]);
    expect(evalGroups(other)).toEqual([{ title: 'eval.json', rows: [['step', 5], ['fid', 12.5], ['coverage.0', 0.1], ['note', 'x']] }]);
  });
});
