// `aeganc sample --class / --interpolate / --traverse / --seed` on a tiny
// conditional generator trained for one step: the flags change the grid as
// documented, and a flag a run cannot honour is a diagnostic, not a plain grid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from './runCli.js';

const CONDITIONAL = `model cond
latent z: [3] ~ normal(0, 1)
latent c: class[3] ~ categorical(3)

network G(noise: [3], label: [3]) -> [2, 2, 1] {
  concat(noise, label) |> dense(4) |> sigmoid
  reshape([2, 2, 1])
}

network D(img: [2, 2, 1], label: [3]) -> [1] {
  pixels = img |> flatten
  concat(pixels, label) |> dense(1)
}

let fake = G(z, one_hot(c))
loss g_loss = bce_logits(1, D(fake, one_hot(c)))

train {
  step G: minimize g_loss over G with adam(lr: 1e-3)
  steps 1
  batch 4
  seed 3
  sample G(z, one_hot(c)) every 1
}
`;

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aeganc-sample-'));
  writeFileSync(path.join(dir, 'cond.aegan'), CONDITIONAL);
  writeFileSync(path.join(dir, 'plain.aegan'), CONDITIONAL.replace('class[3] ~ categorical(3)', '[3] ~ uniform(0, 1)').replace(/one_hot\(c\)/g, 'c'));
  writeFileSync(path.join(dir, 'two.aegan'), CONDITIONAL.replace('  sample G(z, one_hot(c)) every 1', '  sample G(z, one_hot(c)) every 1\n  sample 1 - G(z, one_hot(c)) every 1'));
  for (const name of ['cond', 'plain', 'two']) {
    const trained = await runCli(['train', `${name}.aegan`, '--backend', 'cpu', '--out', name, '--quiet'], dir);
    expect(trained.stderr).toBe('');
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The grid's `n` cells, each its 2×2 pixels (cells `columns` to a row, 1-pixel gutters). */
async function sampleCells(args: string[], n = 9, run = 'cond', cellCount = n, columns = Math.ceil(Math.sqrt(n))): Promise<{ cells: number[][]; stdout: string }> {
  const file = path.join(dir, `grid-${run}-${n}-${args.join('_').replace(/\W/g, '')}.png`);
  const result = await runCli(['sample', run, '--backend', 'cpu', '--n', String(n), '-o', file, ...args], dir);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const png = PNG.sync.read(readFileSync(file));
  const cells: number[][] = [];
  for (let i = 0; i < cellCount; i++) {
    const [r, c] = [Math.floor(i / columns), i % columns];
    cells.push([[0, 0], [0, 1], [1, 0], [1, 1]].map(([y, x]) => png.data[((r * 3 + y!) * png.width + c * 3 + x!) * 4]!));
  }
  return { cells, stdout: result.stdout };
}

describe('aeganc sample layouts', () => {
  it('--n: up to 4,096 samples in one grid; more is a usage error, not a wasm trap', async () => {
    expect((await sampleCells([], 4096, 'plain', 1)).stdout).toMatch(/wrote 4096 samples/);
    const tooMany = await runCli(['sample', 'plain', '--backend', 'cpu', '--n', '4097'], dir);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toMatch(/--n is at most 4,096 \(a 64 × 64 grid\), not 4097/);
  });

  it('--class K: the grid changes with K, and the same K and seed give the same grid', async () => {
    const zero = await sampleCells(['--class', '0']);
    const two = await sampleCells(['--class', '2']);
    expect(zero.stdout).toMatch(/wrote 9 samples \(class 0\)/);
    expect(two.cells).not.toEqual(zero.cells);
    expect((await sampleCells(['--class', '0'])).cells).toEqual(zero.cells);
  });

  it('--seed draws other latents; the default is the run seed', async () => {
    const plain = await sampleCells([]);
    expect((await sampleCells(['--seed', '3'])).cells).toEqual(plain.cells);
    expect((await sampleCells(['--seed', '99'])).cells).not.toEqual(plain.cells);
  });

  it("--interpolate starts row r at the plain grid's r-th draw and moves along the row", async () => {
    for (const flags of [[], ['--class', '1']]) {
      const { cells, stdout } = await sampleCells(['--interpolate', ...flags]);
      expect(stdout).toMatch(/interpolated rows/);
      const plain = (await sampleCells(flags, 3)).cells;
      expect([cells[0], cells[3], cells[6]]).toEqual(plain);
      for (let r = 0; r < 3; r++) expect(cells[r * 3 + 2]).not.toEqual(cells[r * 3]);
    }
  });

  it('--traverse: the middle column of every row is the same image (every latent at its mean)', async () => {
    const { cells, stdout } = await sampleCells(['--traverse', 'z', '--class', '0']);
    expect(stdout).toMatch(/traversing `z`, one dimension per row/);
    expect(cells[1]).toEqual(cells[4]);
    expect(cells[4]).toEqual(cells[7]);
    expect(cells[0]).not.toEqual(cells[2]);
  });

  it('--sample k picks a sample line; --sample 1,2 shows them row by row, cell for cell', async () => {
    const first = (await sampleCells([], 4, 'two')).cells;
    const second = await sampleCells(['--sample', '2'], 4, 'two');
    expect(second.stdout).toContain('wrote 4 samples of sample line 2 to');
    // Line 2 is 1 − line 1, so its pixels are 255 minus line 1's (±1 for rounding).
    second.cells.forEach((cell, i) => cell.forEach((p, j) => expect(Math.abs(p - (255 - first[i]![j]!))).toBeLessThanOrEqual(1)));
    const both = await sampleCells(['--sample', '1,2'], 4, 'two', 8, 2);
    expect(both.stdout).toContain('wrote 8 samples of sample lines 1, 2, row by row to');
    expect(both.cells).toEqual([first[0], first[1], second.cells[0], second.cells[1], first[2], first[3], second.cells[2], second.cells[3]]);
    const missing = await runCli(['sample', 'two', '--backend', 'cpu', '--sample', '1,3', '-o', path.join(dir, 'y.png')], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("error: --sample 3: the run's spec has 2 sample lines, numbered 1 to 2\nhint: `aeganc sample --help` lists its arguments and flags\n");
    const bad = await runCli(['sample', 'two', '--backend', 'cpu', '--sample', '0', '-o', path.join(dir, 'y.png')], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--sample takes sample line numbers from 1/);
  });

  it('refuses what the run cannot do, naming the model and the flag', async () => {
    const out = (args: string[], run = 'cond') => runCli(['sample', run, '--backend', 'cpu', '-o', path.join(dir, 'x.png'), ...args], dir);
    const noClass = await out(['--class', '1'], 'plain');
    expect(noClass.status).toBe(1);
    expect(noClass.stderr).toMatch(/error\[E0540\]: --class needs a categorical latent that the sample expression reads, and model `cond` has none/);
    expect(noClass.stderr).toMatch(/hint: give --class to a conditional generator/);
    const range = await out(['--class', '3']);
    expect(range.stderr).toMatch(/error\[E0541\]: --class 3 is not a class of latent `c`, whose classes are 0 to 2/);
    expect((await out(['--class', '-1'])).stderr).toMatch(/E0541/);
    const unknown = await out(['--traverse', 'c']);
    expect(unknown.stderr).toMatch(/error\[E0543\]: --traverse c: the sample expression reads no normal or uniform latent named `c`/);
    expect(unknown.stderr).toMatch(/hint: it reads `z`/);
    const both = await out(['--traverse', '--interpolate']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give one of them/);
    const seed = await out(['--seed', '4294967296']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be a whole number from 0 to 4294967295/);
  });
});
