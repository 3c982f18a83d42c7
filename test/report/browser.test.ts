// report.html in a real browser: Debian's chromium, headless, through
// playwright-core. A short MNIST autoencoder run (samples and reconstructions)
// is trained in process, its page opened from disk: no console errors, no
// failed or non-local requests, curves with points, every grid decoded. The
// screenshot is kept in test-artifacts/report.png (gitignored) for a person
// to look at. Without chromium the suite skips, saying why, except where
// AEGANC_REQUIRE_CHROMIUM=1 (CI, whose .ci/run installs it): there it fails.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../cli/runCli.js';
import { ROOT } from '../goldenFiles.js';

const CHROMIUM = process.env['AEGANC_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACT = path.join(ROOT, 'test-artifacts', 'report.png');

async function chromiumOrSkip(): Promise<typeof import('playwright-core').chromium | undefined> {
  let reason: string | undefined;
  let browser: typeof import('playwright-core').chromium | undefined;
  if (!existsSync(CHROMIUM)) reason = `no chromium at ${CHROMIUM} (apt-get install chromium, or set AEGANC_CHROMIUM)`;
  else {
    try {
      browser = (await import('playwright-core')).chromium;
    } catch (error) {
      reason = `playwright-core cannot be loaded (${(error as Error).message})`;
    }
  }
  if (!reason) return browser;
  if (process.env['AEGANC_REQUIRE_CHROMIUM'] === '1') throw new Error(`the report browser test needs chromium (AEGANC_REQUIRE_CHROMIUM=1): ${reason}`);
  console.warn(`skipping the report browser test: ${reason}`);
  return undefined;
}

const chromium = await chromiumOrSkip();

const SPEC = `model small_ae
data x: [28, 28, 1] from mnist(split: "train")
latent z: [16] ~ normal(0, 1)

network encoder(img: [28, 28, 1]) -> [16] {
  flatten
  dense(16) |> relu
}

network decoder(h: [16]) -> [28, 28, 1] {
  dense(784) |> sigmoid
  reshape([28, 28, 1])
}

loss recon = bce(x, decoder(encoder(x)))

train {
  step ae: minimize recon over encoder, decoder with adam(lr: 3e-3)
  batch 32
  steps 30
  seed 1
  sample decoder(z) every 10
  checkpoint every 20
}
`;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!chromium)('report.html in chromium', () => {
  it('loads with no errors and shows its curves and grids', { timeout: 300_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-browser-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'small.aegan'), SPEC);
    const trained = await runCli(['train', 'small.aegan', '--out', 'run', '--quiet'], dir);
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
    const report = path.join(dir, 'run', 'report.html');
    expect(existsSync(report)).toBe(true);

    const profile = await mkdtemp(path.join(tmpdir(), 'aeganc-chromium-'));
    dirs.push(profile);
    const context = await chromium!.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

      const curves = await page.$$eval('svg.chart polyline.curve', (lines) =>
        lines.map((line) => ({ points: (line.getAttribute('points') ?? '').trim().split(/\s+/).length, width: (line as unknown as { getBBox(): { width: number } }).getBBox().width })),
      );
      const images = await page.$$eval('.grid-card img', (imgs) => imgs.map((img) => {
        // No DOM types in this project's tsconfig: the two fields read, spelled out.
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return { complete: image.complete, width: image.naturalWidth };
      }));
      const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
      await mkdir(path.dirname(ARTIFACT), { recursive: true });
      await page.screenshot({ path: ARTIFACT, fullPage: true });

      expect(errors).toEqual([]);
      // Only the page itself: every image is a data: URI, nothing is fetched.
      expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(report).href]);
      // recon, one point per step, and the gradient norm of step ae, logged at steps 1, 10, 20 and 30.
      expect(curves).toEqual([
        { points: 30, width: expect.any(Number) },
        { points: 4, width: expect.any(Number) },
      ]);
      for (const curve of curves) expect(curve.width).toBeGreaterThan(100);
      // Samples and reconstructions (every `sample` period) at 10, 20 and 30.
      expect(images.length).toBe(6);
      for (const image of images) expect(image).toEqual({ complete: true, width: expect.any(Number) });
      for (const image of images) expect(image.width).toBeGreaterThan(100);
      expect(headings).toEqual(['Loss curves', 'Samples over time', 'Reconstructions', 'Parameters', 'Spec (spec.aegan)']);
    } finally {
      await context.close();
    }
  });
});
