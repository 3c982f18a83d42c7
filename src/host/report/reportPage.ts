// report.html: one self-contained page per run. It loads nothing: the styles
// are inline, there is no script, the charts are inline SVG and the grids are
// data: URIs, so the file can be copied, mailed or archived alone and still
// shows everything (a folder-relative <img src> would break as soon as the
// page leaves its run directory). Every value that came from the run (spec
// text, names, eval.json) goes through the escaping template of html.ts.

import path from 'node:path';
import { html, trustedHtml, type Html } from './html.js';
import { lastValues, lossPanels, type Panel } from './lossSeries.js';
import { evalGroups, samplesOverTrainingPanels } from './evalResult.js';
import { formatNumber, renderChart } from './svgChart.js';
import type { GridFolder, RunContents } from './runContents.js';

/** At most this many grids of one folder are shown (evenly spaced, the first and the last always). */
export const MAX_GRIDS_SHOWN = 8;

/** Which grids of a folder the page shows. */
export function chosenGrids(folder: GridFolder, max = MAX_GRIDS_SHOWN): GridFolder['grids'] {
  const grids = folder.grids;
  if (grids.length <= max) return grids;
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (grids.length - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => grids[i]!);
}

/** The images the page embeds: run-relative file → data: URI (absent when a file could not be read). */
export type EmbeddedImages = ReadonlyMap<string, string>;

/** Inside <style> entities are not decoded, so the sheet goes in as it is (it is a constant, nothing user-given). */
const STYLE = `
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 2px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #d8dce2; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 0 0 6px; font-weight: 600; }
.meta { color: #56606b; margin: 0 0 8px; }
.problems { background: #fff4e5; border: 1px solid #f0c27b; padding: 8px 12px 8px 28px; margin: 8px 0; }
.panels { display: flex; flex-wrap: wrap; gap: 14px; }
.panel, .grid-card, .card { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 12px; }
.panel { flex: 0 1 544px; min-width: 0; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart .plot { fill: #fbfcfd; stroke: #c9ced5; }
svg.chart .grid { stroke: #e6e9ed; }
svg.chart .tick, svg.chart .axis { font: 11px -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: #5b6570; }
svg.chart .curve { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
svg.chart .curve.eval { stroke-width: 1.8; stroke-dasharray: 5 3; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 4px; color: #3d4650; font-size: 13px; }
.legend .scale { margin-left: auto; color: #6b7580; }
.swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 6px; }
.swatch.eval { background-image: linear-gradient(90deg, currentColor 60%, transparent 60%); background-size: 8px 3px; }
.grids { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.grid-card { text-align: center; margin: 0; }
.grid-card img { image-rendering: pixelated; display: block; margin: 0 auto 4px; }
.grid-card.latest img { width: 448px; max-width: 100%; height: auto; }
.grid-card.small img { width: 168px; height: auto; }
.caption { color: #56606b; font-size: 12px; }
table { border-collapse: collapse; background: #fff; }
td, th { border: 1px solid #dde1e6; padding: 4px 10px; text-align: left; }
th.group { background: #eef1f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 10px 12px; overflow-x: auto; font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.empty { color: #6b7580; font-style: italic; }
`;

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : formatNumber(value);
}

function panelHtml(panel: Panel): Html {
  const { svg, drawn, log } = renderChart(panel);
  const legend = drawn.map(
    (d) =>
      html`<span><span class="swatch ${d.series.kind}" style="background-color: ${d.series.kind === 'eval' ? 'transparent' : d.colour}; color: ${d.colour}"></span>${d.series.label}${d.series.kind === 'eval' ? ' (held-out)' : ''}${d.perBucket > 1 ? ` — mean of every ${d.perBucket} steps` : ''}</span>`,
  );
  return html`<div class="panel"><h3>${panel.title}</h3>${svg}<div class="legend">${legend}${log ? html`<span class="scale">y: log scale</span>` : ''}</div></div>`;
}

function curvesSection(contents: RunContents): Html {
  // A GAN's losses settle rather than fall: eval.json's measure of its grids is the curve that does.
  const panels = [...lossPanels(contents.records), ...samplesOverTrainingPanels(contents.evalResult)];
  const body = panels.length > 0 ? html`<div class="panels">${panels.map(panelHtml)}</div>` : html`<p class="empty">no metrics yet</p>`;
  return html`<section id="curves"><h2>Loss curves</h2>${body}</section>`;
}

function gridFolderHtml(folder: GridFolder, images: EmbeddedImages, title: string, note: string): Html {
  const grids = chosenGrids(folder);
  // The latest grid first and large, the earlier ones after it, small, oldest first.
  const ordered = grids.length > 0 ? [grids[grids.length - 1]!, ...grids.slice(0, -1)] : [];
  const cards = ordered.map((grid, i) => {
    const uri = images.get(grid.file);
    const latest = i === 0;
    const image = uri
      ? html`<img src="${uri}" alt="${title} at step ${grid.iteration}">`
      : html`<p class="empty">${grid.file} could not be read</p>`;
    return html`<figure class="grid-card ${latest ? 'latest' : 'small'}">${image}<figcaption class="caption">step ${grid.iteration}${latest ? ' (latest)' : ''}</figcaption></figure>`;
  });
  const shown = grids.length < folder.grids.length ? ` ${grids.length} of its ${folder.grids.length} grids are shown.` : '';
  return html`<div class="grid-folder" data-dir="${folder.dir}"><h3>${title}</h3><p class="caption">${note}${shown}</p><div class="grids">${cards}</div></div>`;
}

function gridsSection(contents: RunContents, images: EmbeddedImages, kind: GridFolder['kind']): Html | undefined {
  const folders = contents.gridFolders.filter((f) => f.kind === kind);
  if (folders.length === 0) return undefined;
  const title = kind === 'samples' ? 'Samples over time' : 'Reconstructions';
  const note = kind === 'samples' ? '' : 'Rows alternate: inputs, then their reconstructions beneath them.';
  return html`<section id="${kind}"><h2>${title}</h2>${folders.map((f) => gridFolderHtml(f, images, f.dir, note))}</section>`;
}

function evalSection(contents: RunContents): Html | undefined {
  if (!contents.evalResult) return undefined;
  const groups = evalGroups(contents.evalResult).map(
    (group) =>
      html`<tr><th colspan="2" class="group">${group.title}</th></tr>${group.rows.map(
        ([name, value]) => html`<tr><td>${name}</td>${typeof value === 'number' ? html`<td class="num">${formatValue(value)}</td>` : html`<td>${value}</td>`}</tr>`,
      )}`,
  );
  return html`<section id="eval"><h2>Evaluation (eval.json)</h2><table class="eval">${groups}</table></section>`;
}

function paramsSection(contents: RunContents): Html {
  const info = contents.info;
  if (!info) return html`<section id="params"><h2>Parameters</h2><p class="empty">run.json could not be read</p></section>`;
  const params = typeof info.params === 'object' && info.params !== null ? Object.entries(info.params as Record<string, unknown>) : [];
  const overrides = (typeof info.overrides === 'object' && info.overrides !== null ? info.overrides : {}) as Record<string, unknown>;
  const paramRows = params.map(([name, value]) => html`<tr><td>${name}</td><td class="num">${String(value)}</td><td>${Object.hasOwn(overrides, name) ? '--set' : 'spec'}</td></tr>`);
  const train = typeof info.train === 'object' && info.train !== null ? Object.entries(info.train as Record<string, unknown>) : [];
  const settings: [string, unknown][] = [
    ...train.map(([k, v]): [string, unknown] => [`--${k}`, v]),
    ['backend', info.backend],
    ['started', info.started],
    ...(Array.isArray(info.resumed) ? [['resumed', info.resumed.join(', ')] as [string, unknown]] : []),
    ['spec', info.spec],
  ];
  const settingRows = settings.filter(([, v]) => v !== undefined).map(([k, v]) => html`<tr><td>${k}</td><td>${String(v)}</td></tr>`);
  return html`<section id="params"><h2>Parameters</h2>
<div class="grids"><table><tr><th>param</th><th>value</th><th>from</th></tr>${paramRows.length > 0 ? paramRows : html`<tr><td colspan="3" class="empty">no params</td></tr>`}</table>
<table><tr><th>setting</th><th>value</th></tr>${settingRows}</table></div></section>`;
}

/** The status line under the title: where training has got to. */
function statusLine(contents: RunContents, state: string | undefined): string {
  const last = lastValues(contents.records);
  const parts = [last.step !== undefined ? `step ${last.step}${last.epoch !== undefined ? ` (epoch ${last.epoch})` : ''}` : 'no steps yet'];
  parts.push(contents.hasCheckpoint ? 'checkpoint written' : 'no checkpoint');
  if (state) parts.push(state);
  return parts.join(' · ');
}

/** The whole page. `generated` is shown as the time the page was written, `state` (training, finished, …) beside the step. */
export function renderReport(contents: RunContents, images: EmbeddedImages, generated: Date, state?: string): string {
  const model = typeof contents.info?.model === 'string' ? contents.info.model : path.basename(contents.dir);
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${model} — aeganc run report</title>
<style>${trustedHtml(STYLE)}</style></head>
<body><main>
<h1>${model}</h1>
<p class="meta">${path.basename(contents.dir)} · ${statusLine(contents, state)} · report written ${generated.toISOString().replace('T', ' ').slice(0, 19)} UTC</p>
${contents.problems.length > 0 ? html`<ul class="problems">${contents.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
${curvesSection(contents)}
${gridsSection(contents, images, 'samples')}
${gridsSection(contents, images, 'reconstructions')}
${evalSection(contents)}
${paramsSection(contents)}
<section id="spec"><h2>Spec (spec.aegan)</h2>${contents.spec !== undefined ? html`<pre><code>${contents.spec}</code></pre>` : html`<p class="empty">spec.aegan could not be read</p>`}</section>
</main></body></html>
`;
  return page.text;
}
