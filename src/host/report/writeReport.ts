// Writing report.html: read the run as it is on disk, embed the grids the
// page shows, and replace the file atomically (a browser open on it, or a
// crash, never sees half a page).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import { chosenGrids, renderReport } from './reportPage.js';
import { readRunContents, REPORT_FILE, type RunContents } from './runContents.js';

/** A grid larger than this is named, not embedded (aeganc's grids are tens of kilobytes). */
const MAX_EMBEDDED_BYTES = 8 * 1024 * 1024;

async function dataUri(file: string): Promise<string | undefined> {
  try {
    if ((await stat(file)).size > MAX_EMBEDDED_BYTES) return undefined;
    return `data:image/png;base64,${(await readFile(file)).toString('base64')}`;
  } catch {
    return undefined;
  }
}

/** The page of the run in `dir`, and what it was made from. */
export async function buildReport(dir: string, state?: string, now = new Date()): Promise<{ page: string; contents: RunContents }> {
  const contents = await readRunContents(dir);
  const images = new Map<string, string>();
  for (const folder of contents.gridFolders) {
    for (const grid of chosenGrids(folder)) {
      const uri = await dataUri(path.join(dir, grid.file));
      if (uri) images.set(grid.file, uri);
    }
  }
  return { page: renderReport(contents, images, now, state), contents };
}

/** Writes `dir`/report.html, `state` saying where training stands; I/O errors are thrown for the caller to report. */
export async function writeReport(dir: string, state?: string, now = new Date()): Promise<{ file: string; contents: RunContents }> {
  const { page, contents } = await buildReport(dir, state, now);
  const file = path.join(dir, REPORT_FILE);
  await writeFileAtomic(file, page);
  return { file, contents };
}
