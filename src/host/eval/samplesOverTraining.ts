// How the samples improved while training: each grid the first `sample` line
// wrote (samples/step-N.png, or samples/1/ when there are several lines) is cut
// back into its images and measured in the classifier's feature space. The
// Fréchet distance is biased at a grid's 64 images, so the curve is the kernel
// distance (KID, unbiased at any count) to the real test split, beside the
// classifier score of each grid (exp E KL(p(y|x) ‖ p(y)): confident and
// varied classes), with real test images scored in groups of the same size as
// the level to reach (the score shrinks with the count). A GAN's losses settle rather than
// fall; this is the curve that falls when it learns. Read from the PNGs, so it
// works for any run directory, the PyTorch target's too.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { classify, type ClassifierOutputs } from '../../numerics/classifier/classifierNet.js';
import { classifierScore } from '../../numerics/metrics/classScores.js';
import { kernelDistance, kernelReference } from '../../numerics/metrics/kernelDistance.js';
import { GUTTER, GUTTER_VALUE } from '../imageGrid.js';
import { RunFiles } from '../runDirectory.js';
import type { LoadedClassifier } from './classifierAssets.js';

/** Real test images the kernel distance compares with (its reference term is quadratic in them). */
const REAL_IMAGES = 1000;
const SIDE = 28;
const GRID_NAME = /^step-(\d+)\.png$/;

export interface SamplesOverTraining {
  /** The run-relative folder of grids measured. */
  readonly folder: string;
  readonly realImages: number;
  /** The mean classifier score of the real test images in groups of a grid's size: what a perfect generator reaches. */
  readonly realClassifierScore: number;
  readonly points: readonly { readonly step: number; readonly images: number; readonly kernelDistance: number; readonly classifierScore: number }[];
}

/** The first sample line's grid folder: samples/1 when several lines write samples/1, samples/2, …; else samples. */
async function firstGridFolder(runDir: string): Promise<string> {
  const nested = path.posix.join(RunFiles.samples, '1');
  const entries = await readdir(path.join(runDir, nested)).catch(() => undefined);
  return entries ? nested : RunFiles.samples;
}

/** The 28×28 cells of a grayscale grid as 0..1 pixels; cells that are all gutter (a short last row) are left out. */
export function gridImages(png: { width: number; height: number; data: Uint8Array }): { images: Float32Array; count: number } | undefined {
  const columns = (png.width + GUTTER) / (SIDE + GUTTER);
  const rows = (png.height + GUTTER) / (SIDE + GUTTER);
  if (!Number.isInteger(columns) || !Number.isInteger(rows)) return undefined;
  const cells: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const cell = new Float32Array(SIDE * SIDE);
      let gutterOnly = true;
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          const value = png.data[((r * (SIDE + GUTTER) + y) * png.width + c * (SIDE + GUTTER) + x) * 4]!;
          if (value !== GUTTER_VALUE) gutterOnly = false;
          cell[y * SIDE + x] = value / 255;
        }
      }
      if (!gutterOnly) cells.push(cell);
    }
  }
  const images = new Float32Array(cells.length * SIDE * SIDE);
  cells.forEach((cell, i) => images.set(cell, i * SIDE * SIDE));
  return { images, count: cells.length };
}

/**
 * The curve of the run's grids against `realTest` (the classifier's outputs on the real test
 * split); undefined when the run has fewer than two grids of 28×28 images to measure.
 */
export async function samplesOverTraining(runDir: string, classifier: LoadedClassifier, realTest: ClassifierOutputs): Promise<SamplesOverTraining | undefined> {
  const folder = await firstGridFolder(runDir);
  const names = await readdir(path.join(runDir, folder)).catch(() => [] as string[]);
  const grids = names.filter((n) => GRID_NAME.test(n)).sort((a, b) => Number(GRID_NAME.exec(a)![1]) - Number(GRID_NAME.exec(b)![1]));
  const realCount = Math.min(REAL_IMAGES, realTest.count);
  if (realCount < 2) return undefined;
  const reference = kernelReference(realTest.features, realCount, realTest.featureSize);
  const points: SamplesOverTraining['points'][number][] = [];
  for (const name of grids) {
    let png;
    try {
      png = PNG.sync.read(await readFile(path.join(runDir, folder, name)));
    } catch {
      continue; // a grid being written or damaged is skipped, not fatal
    }
    const cells = gridImages(png);
    if (!cells || cells.count < 2) continue;
    const outputs = await classify(classifier.weights, cells.images, cells.count);
    points.push({
      step: Number(GRID_NAME.exec(name)![1]),
      images: cells.count,
      kernelDistance: kernelDistance(outputs.features, outputs.count, reference),
      classifierScore: classifierScore(outputs),
    });
  }
  if (points.length < 2) return undefined;
  return { folder, realImages: realCount, realClassifierScore: scoreInGroups(realTest, realCount, points[0]!.images), points };
}

/** The mean classifier score of the first `count` rows taken `size` at a time (whole groups only). */
function scoreInGroups(outputs: ClassifierOutputs, count: number, size: number): number {
  const groups = Math.max(1, Math.floor(count / size));
  let sum = 0;
  for (let g = 0; g < groups; g++) {
    const rows = outputs.probabilities.subarray(g * size * outputs.classes, (g + 1) * size * outputs.classes);
    sum += classifierScore({ probabilities: rows, count: rows.length / outputs.classes, classes: outputs.classes });
  }
  return sum / groups;
}
