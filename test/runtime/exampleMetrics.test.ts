// ROC-AUC, the linear probe and .npy files against references: brute-force
// pair counting, a separable problem, and NumPy itself.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rocAuc } from '../../src/numerics/rocAuc.js';
import { linearProbe } from '../../src/numerics/linearProbe.js';
import { encodeNpy } from '../../src/host/data/npyWrite.js';
import { pythonPath } from '../oracle/torchOracle.js';
import { useCpu } from './helpers.js';

beforeAll(useCpu);

/** P(score of an anomaly > score of a normal example), ties one half, by counting every pair. */
function pairwiseAuc(scores: number[], anomalous: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!anomalous[i]) return;
    scores.forEach((b, j) => {
      if (anomalous[j]) return;
      pairs++;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it('equals pair counting, ties included, on random scores', () => {
    let state = 7;
    const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const scores = Array.from({ length: 60 }, () => Math.round(next() * 10) / 10);
      const anomalous = scores.map((s) => next() < 0.3 + s * 0.4);
      expect(rocAuc(scores, anomalous)).toBeCloseTo(pairwiseAuc(scores, anomalous), 12);
    }
  });
  it('is 1 for perfect scores, 0 for inverted ones, ½ for constant ones, undefined for one class', () => {
    expect(rocAuc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(rocAuc([5, 5, 5], [true, false, false])).toBe(0.5);
    expect(rocAuc([1, 2], [false, false])).toBeUndefined();
  });
});

describe('linearProbe', () => {
  it('separates linearly separable classes and is deterministic', () => {
    // Three classes around three corners, two features plus one of noise.
    const make = (count: number, offset: number) => {
      const codes = new Float32Array(count * 3);
      const labels = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const c = i % 3;
        labels[i] = c;
        codes.set([c === 1 ? 4 : 0, c === 2 ? 4 : 0, ((i * 37 + offset) % 11) / 11], i * 3);
      }
      return { codes, size: 3, labels };
    };
    const first = linearProbe(make(90, 0), make(30, 5), { classes: 3, iterations: 200 });
    expect(first.trainAccuracy).toBe(1);
    expect(first.testAccuracy).toBe(1);
    expect(linearProbe(make(90, 0), make(30, 5), { classes: 3, iterations: 200 })).toEqual(first);
  });
});

describe('encodeNpy', () => {
  it('is read back by NumPy with its shape, dtype and values', (context) => {
    const python = pythonPath();
    try {
      execFileSync(python, ['-c', 'import numpy']);
    } catch {
      if (process.env['AEGANC_REQUIRE_TORCH']) throw new Error(`${python} cannot import numpy`);
      console.log(`skipped: ${python} cannot import numpy (set AEGANC_PYTHON)`);
      context.skip();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'aeganc-npy-'));
    const file = path.join(dir, 'codes.npy');
    writeFileSync(file, encodeNpy(Float32Array.from([1.5, -2, 3.25, 0, 7, 0.125]), [3, 2]));
    const out = execFileSync(python, ['-c', `import numpy as np; a = np.load(${JSON.stringify(file)}); print(a.dtype, a.shape, a.tolist(), a.flags['C_CONTIGUOUS'])`], { encoding: 'utf8' });
    expect(out.trim()).toBe(`float32 (3, 2) [[1.5, -2.0], [3.25, 0.0], [7.0, 0.125]] True`);
    // The header ends on a 64-byte boundary (format 1.0), with a newline.
    const bytes = encodeNpy(new Float32Array(4), [4]);
    const headerEnd = 10 + new DataView(bytes.buffer).getUint16(8, true);
    expect(headerEnd % 64).toBe(0);
    expect(bytes[headerEnd - 1]).toBe(0x0a);
  });
});
