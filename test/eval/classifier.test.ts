// The shipped classifiers, loaded as `aeganc eval` loads them and run through
// tfjs: MNIST's test-split accuracy (the bar is 97%), equal to what
// PyTorch measured when it trained them (so the NCHW → NHWC conversion of
// tools/classifier/train.py is right), and the feature space separating real
// digits from noise.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { classify } from '../../src/numerics/classifier/classifierNet.js';
import { accuracy } from '../../src/numerics/metrics/classScores.js';
import { fitGaussian, frechetDistance } from '../../src/numerics/metrics/frechet.js';
import { loadClassifier } from '../../src/host/eval/classifierAssets.js';
import { realSplits } from '../../src/host/eval/realReference.js';
import { selectBackend } from '../../src/host/backend.js';

// wasm: the cpu backend's convolutions are 20 times slower.
beforeAll(async () => {
  expect((await selectBackend('wasm')).diagnostics).toEqual([]);
});

describe('the MNIST classifier', () => {
  it('classifies at least 97% of the MNIST test split, as PyTorch measured', async () => {
    const classifier = await loadClassifier('mnist');
    const real = await realSplits(classifier, 'mnist');
    expect(real.diagnostics).toEqual([]);
    const measured = accuracy(real.value!.test, real.value!.testLabels);
    expect(measured).toBeGreaterThanOrEqual(0.97);
    expect(Math.abs(measured - classifier.manifest.testAccuracy)).toBeLessThan(0.002);
    expect(classifier.manifest.trainedOn).toEqual({ train: 8495, test: 1505 });
  });

  it('puts real train and test digits close together and noise far away', async () => {
    const classifier = await loadClassifier('mnist');
    const { train, test } = (await realSplits(classifier, 'mnist')).value!;
    const d = test.featureSize;
    const testGaussian = fitGaussian(test.features, test.count, d);
    const floor = frechetDistance(fitGaussian(train.features, test.count, d), testGaussian);
    let state = 7;
    const noise = Float32Array.from({ length: test.count * 784 }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) / 16777216;
    });
    const noiseOutputs = await classify(classifier.weights, noise, test.count);
    const noiseDistance = frechetDistance(fitGaussian(noiseOutputs.features, noiseOutputs.count, d), testGaussian);
    expect(floor).toBeGreaterThan(0);
    expect(noiseDistance).toBeGreaterThan(50 * floor);
    // Blank images are no closer than noise to being digits.
    const blank = await classify(classifier.weights, new Float32Array(test.count * 784), test.count);
    expect(frechetDistance(fitGaussian(blank.features, blank.count, d), testGaussian)).toBeGreaterThan(20 * floor);
    console.log(`MNIST classifier features: FD(train, test) ${floor.toFixed(3)}, FD(noise, test) ${noiseDistance.toFixed(1)}`);
  });
});

const FASHION = '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(FASHION))('the Fashion-MNIST classifier', () => {
  it('classifies at least 85% of the Fashion-MNIST test split, as PyTorch measured', async () => {
    const classifier = await loadClassifier('fashion-mnist');
    const real = await realSplits(classifier, 'fashion-mnist', FASHION);
    const measured = accuracy(real.value!.test, real.value!.testLabels);
    expect(measured).toBeGreaterThanOrEqual(0.85);
    expect(Math.abs(measured - classifier.manifest.testAccuracy)).toBeLessThan(0.002);
  });
});
