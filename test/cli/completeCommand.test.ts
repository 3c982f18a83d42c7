// `aeganc complete` end to end on short runs (cpu backend, dense networks so
// cpu training stays fast): an autoencoder trained on cutouts and a
// conditional generator of cutout images, every --mask form, the grid's
// layout and the printed masked-region MSE checked against the grid itself,
// and a diagnostic for every run and mask it cannot use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from './runCli.js';
import { GUTTER } from '../../src/host/imageGrid.js';

const INPAINTING_AE = `model inpaint
data x: [28, 28, 1] from mnist(split: "train", classes: [1])
network encoder(img: [28, 28, 1]) -> [16] {
  flatten |> dense(16)
}
network decoder(code: [16]) -> [28, 28, 1] {
  dense(784) |> sigmoid |> reshape([28, 28, 1])
}
loss recon = bce(x, decoder(encoder(cutout(x, size: 10))))
train {
  step ae: minimize recon over encoder, decoder with adam(lr: 1e-2)
  batch 32
  steps 30
  seed 3
}
`;

const GENERATOR = `model gen
data x: [28, 28, 1] from mnist(split: "train", classes: [1])
network G(masked: [28, 28, 1], mask: [28, 28, 1]) -> [28, 28, 1] {
  concat(masked, mask) |> flatten |> dense(784) |> sigmoid |> reshape([28, 28, 1])
}
let masked = cutout(x, size: 10)
loss rec = l1(x, G(masked, cutout_mask(masked)))
train {
  step g: minimize rec over G with adam(lr: 1e-2)
  batch 32
  steps 10
}
`;

const GAN = `model gan
latent z: [2] ~ normal()
network G(noise: [2]) -> [2, 2, 1] {
  dense(4) |> sigmoid
  reshape([2, 2, 1])
}
network D(img: [2, 2, 1]) -> [1] { flatten |> dense(1) }
loss g = bce_logits(1, D(G(z)))
train {
  step G: minimize g over G with adam()
  batch 4
  steps 1
}
`;

let dir = '';

function writePng(file: string, height: number, width: number, gray: (y: number, x: number) => number): void {
  const png = new PNG({ width, height });
  for (let i = 0; i < height * width; i++) {
    const v = gray(Math.floor(i / width), i % width);
    png.data.set([v, v, v, 255], 4 * i);
  }
  writeFileSync(path.join(dir, file), PNG.sync.write(png));
}

/** Cell `column` of grid row `row` (28×28 cells), as 0..1 values. */
function cell(png: PNG, row: number, column: number): Float32Array {
  const out = new Float32Array(28 * 28);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) out[y * 28 + x] = png.data[4 * ((row * (28 + GUTTER) + y) * png.width + column * (28 + GUTTER) + x)]! / 255;
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aeganc-complete-'));
  writeFileSync(path.join(dir, 'inpaint.aegan'), INPAINTING_AE);
  writeFileSync(path.join(dir, 'gen.aegan'), GENERATOR);
  writeFileSync(path.join(dir, 'gan.aegan'), GAN);
  for (const name of ['inpaint', 'gen', 'gan']) {
    const trained = await runCli(['train', `${name}.aegan`, '--backend', 'cpu', '--out', name, '--quiet'], dir);
    expect(trained.stderr, name).toBe('');
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aeganc complete', () => {
  it('fills a centre square with the autoencoder: rows of masked, completed and original digits, and the MSE it prints is the grid\'s', async () => {
    const done = await runCli(['complete', 'inpaint', '--mask', 'center', '--backend', 'cpu', '-o', 'center.png'], dir);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/^completed 16 examples of mnist\(split: "test"\) with autoencoder `encoder` → `decoder` \(5 reconstructions\), mask center 10×10: center.png$/m);
    const [, completion, meanFill, zeroFill] = /masked-region MSE ([\d.e-]+): mean-image fill ([\d.e-]+), fill with 0 ([\d.e-]+) \(lower is better\)/.exec(done.stdout)!.map(Number);
    const png = PNG.sync.read(readFileSync(path.join(dir, 'center.png')));
    // 16 examples, 8 a row: 2 × (masked, completed, original) rows.
    expect([png.width, png.height]).toEqual([8 * 28 + 7 * GUTTER, 6 * 28 + 5 * GUTTER]);
    const inside = (i: number) => Math.floor(i / 28) >= 9 && Math.floor(i / 28) < 19 && i % 28 >= 9 && i % 28 < 19;
    let sum = 0;
    let zeroSum = 0;
    for (let n = 0; n < 16; n++) {
      const [band, column] = [3 * Math.floor(n / 8), n % 8];
      const [holes, filled, original] = [cell(png, band, column), cell(png, band + 1, column), cell(png, band + 2, column)];
      for (let i = 0; i < 784; i++) {
        if (inside(i)) {
          expect(holes[i]).toBeCloseTo(128 / 255, 5); // holes are shown mid-gray
          sum += (filled[i]! - original[i]!) ** 2;
          zeroSum += original[i]! ** 2;
        } else {
          expect(filled[i]).toBe(original[i]); // known pixels are kept
          expect(holes[i]).toBe(original[i]);
        }
      }
    }
    // The grid holds bytes: the printed MSE (in float) agrees to a byte's rounding.
    expect(Math.abs(completion! - sum / (16 * 100))).toBeLessThan(2e-3);
    expect(Math.abs(zeroFill! - zeroSum / (16 * 100))).toBeLessThan(2e-3);
    expect(meanFill).toBeGreaterThan(0);
  }, 60_000);

  it('--iterations changes the completion; --mask random is the same on every call; --count sets how many', async () => {
    const once = await runCli(['complete', 'inpaint', '--mask', 'random', '--iterations', '1', '--count', '4', '--backend', 'cpu', '-o', 'a.png'], dir);
    expect(once.stderr).toBe('');
    expect(once.stdout).toContain('with autoencoder `encoder` → `decoder` (1 reconstruction), mask random 10×10');
    const again = await runCli(['complete', 'inpaint', '--mask', 'random', '--iterations', '1', '--count', '4', '--backend', 'cpu', '-o', 'b.png'], dir);
    expect(readFileSync(path.join(dir, 'a.png')).equals(readFileSync(path.join(dir, 'b.png')))).toBe(true);
    expect(again.stdout.split('\n')[1]).toBe(once.stdout.split('\n')[1]);
    const png = PNG.sync.read(readFileSync(path.join(dir, 'a.png')));
    expect([png.width, png.height]).toEqual([4 * 28 + 3 * GUTTER, 3 * 28 + 2 * GUTTER]);
    const more = await runCli(['complete', 'inpaint', '--mask', 'random', '--iterations', '3', '--count', '4', '--backend', 'cpu', '-o', 'c.png'], dir);
    expect(more.stdout.split('\n')[1]).not.toBe(once.stdout.split('\n')[1]);
  }, 60_000);

  it('reads a PNG mask (white = missing) and refuses a mask of the wrong size, a file that is not a PNG, and an empty mask', async () => {
    writePng('stripe.png', 28, 28, (y) => (y >= 10 && y < 14 ? 255 : 0));
    const striped = await runCli(['complete', 'inpaint', '--mask', 'stripe.png', '--count', '8', '--backend', 'cpu', '-o', 'stripe-grid.png'], dir);
    expect(striped.stderr).toBe('');
    expect(striped.stdout).toContain('mask stripe.png: stripe-grid.png');
    const png = PNG.sync.read(readFileSync(path.join(dir, 'stripe-grid.png')));
    const holes = cell(png, 0, 0);
    expect(holes[11 * 28 + 5]).toBeCloseTo(128 / 255, 5);

    writePng('small.png', 20, 28, () => 255);
    const small = await runCli(['complete', 'inpaint', '--mask', 'small.png', '--backend', 'cpu'], dir);
    expect(small.status).toBe(1);
    expect(small.stderr).toMatch(/error\[E0527\]: .*small\.png: the mask is 20×28 pixels \(height×width\), but the images are 28×28/);
    expect(small.stderr).toContain('hint: resize the mask to 28×28');
    writeFileSync(path.join(dir, 'notes.png'), 'not an image\n');
    const text = await runCli(['complete', 'inpaint', '--mask', 'notes.png', '--backend', 'cpu'], dir);
    expect(text.stderr).toMatch(/error\[E0528\]: .*notes\.png is not a readable PNG mask: it does not start with the PNG signature/);
    writePng('black.png', 28, 28, () => 0);
    const black = await runCli(['complete', 'inpaint', '--mask', 'black.png', '--backend', 'cpu'], dir);
    expect(black.stderr).toMatch(/error\[E0529\]: .*black\.png: the mask marks no pixel as missing/);
    const missing = await runCli(['complete', 'inpaint', '--mask', 'nowhere.png', '--backend', 'cpu'], dir);
    expect(missing.stderr).toMatch(/error\[E0503\]: cannot read .*nowhere\.png/);
    const all = await runCli(['complete', 'inpaint', '--mask', 'center', '--iterations', '1', '--count', '99999', '--backend', 'cpu', '-o', 'all.png'], dir);
    expect(all.stderr).toBe('note: --count 99,999, but the split holds 1,505 examples: completing all of them\n');
    expect(all.stdout).toMatch(/^completed 1,505 examples/);
    const misspelt = await runCli(['complete', 'inpaint', '--mask', 'diagonal', '--backend', 'cpu'], dir);
    expect(misspelt.stderr).toContain('hint: give --mask `center`, `random`, or the path of a PNG the size of one image');
    for (const run of [small, text, black, missing]) expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('completes with a conditional generator of cutout images in one pass', async () => {
    const done = await runCli(['complete', 'gen', '--mask', 'center', '--size', '8', '--iterations', '4', '--backend', 'cpu', '-o', 'gen.png'], dir);
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain('with generator `G` (one pass), mask center 8×8: gen.png');
    expect(done.stdout).toContain('note: a generator completes in one pass; --iterations applies to autoencoders');
  }, 60_000);

  it('refuses a model with nothing to complete with, a --size larger than the images, and bad counts', async () => {
    const gan = await runCli(['complete', 'gan', '--mask', 'center', '--backend', 'cpu'], dir);
    expect(gan.status).toBe(1);
    expect(gan.stderr).toMatch(/error\[E0526\]: `aeganc complete` needs an autoencoder of images or a network applied to a `cutout` image, and model `gan` has neither/);
    const big = await runCli(['complete', 'inpaint', '--mask', 'center', '--size', '40', '--backend', 'cpu'], dir);
    expect(big.stderr).toMatch(/error\[E0530\]: --size 40 does not fit in the 28×28 images/);
    const count = await runCli(['complete', 'inpaint', '--mask', 'center', '--count', '0'], dir);
    expect(count.status).toBe(2);
    expect(count.stderr).toContain('--count must be a whole number from 1 to 100,000, not 0');
    const noMask = await runCli(['complete', 'inpaint'], dir);
    expect(noMask.status).toBe(2);
  }, 60_000);
});
