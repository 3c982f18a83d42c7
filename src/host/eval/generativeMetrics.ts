// Generative metrics of a trained GAN or decoder (`aeganc eval`), in the
// feature space of the small classifier the project trains itself
// (assets/classifiers): the Fréchet distance of generated samples to the real
// test split beside the real-train vs real-test distance (the floor, at the
// same sample count), a classifier score, per-class coverage, and for a
// conditional generator the fraction classified as their condition.

import path from 'node:path';
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import type { IrModule } from '../../ir/types.js';
import type { InferenceModel } from '../../numerics/inference.js';
import { classify } from '../../numerics/classifier/classifierNet.js';
import { drawSamples } from '../../numerics/metrics/drawSamples.js';
import { fitGaussian, frechetDistance } from '../../numerics/metrics/frechet.js';
import { accuracy, classCoverage, classifierScore, conditionAccuracy } from '../../numerics/metrics/classScores.js';
import { imageShape } from '../../ir/imageShape.js';
import { spanAt } from '../../numerics/sourceSpan.js';
import { sourcePath } from '../data/loadData.js';
import { describeIoError } from '../ioErrors.js';
import { classifierAssetsDir, loadClassifier, type ClassifierDataset, type LoadedClassifier } from './classifierAssets.js';
import { realSplits } from './realReference.js';

export interface GenerativeMetricsRequest {
  /** The trained weights (or their EMA): host/runTraining.ts `inferenceModel`. */
  readonly model: InferenceModel;
  /** The expression to sample, usually `ir.train.samples[0].node`. */
  readonly sampleNode: number;
  /** The spec's directory (relative data paths resolve against it). */
  readonly specDir: string;
  /** How many samples to draw; default the real test split's size, so FD and its floor use equal counts. */
  readonly count?: number;
  /** Use only the first this many real test images (and as many train images): quicker, noisier. Default all. */
  readonly realLimit?: number;
  /** Where the classifiers are; default the package's assets/classifiers. */
  readonly classifierDir?: string;
  /**
   * The classifier and real data to measure against, when not the module's first mnist or
   * fashion_mnist source: a translator's output domain (a CycleGAN's G(x) of digits x is
   * measured against Fashion-MNIST).
   */
  readonly against?: { readonly dataset: ClassifierDataset; readonly fashionDir?: string };
}

export interface GenerativeMetrics {
  readonly classifier: { readonly dataset: ClassifierDataset; readonly testAccuracy: number; readonly architecture: string };
  readonly samples: number;
  /** FD(generated, real test) over the classifier's 64 penultimate features. */
  readonly frechetDistance: number;
  /** FD(real train, real test) over as many train images as samples: what a perfect generator would get. */
  readonly frechetFloor: number;
  /** exp E KL(p(y|x) ‖ p(y)) of the samples, 1 … 10, and of real test images beside it. */
  readonly classifierScore: number;
  readonly realClassifierScore: number;
  /** The fraction of samples classified as each class 0…9. */
  readonly coverage: readonly number[];
  readonly smallestClassShare: number;
  /** Conditional generators: the input the condition came from, and the fraction classified as it. */
  readonly condition?: { readonly input: string; readonly accuracy: number };
}

/** The shipped classifier that fits the module's data: the first mnist or fashion_mnist source. */
export function classifierDatasetOf(ir: IrModule, specDir: string): { dataset: ClassifierDataset; fashionDir?: string } | undefined {
  for (const source of ir.data) {
    if (source.spec.kind === 'mnist') return { dataset: 'mnist' };
    if (source.spec.kind === 'fashion_mnist') return { dataset: 'fashion-mnist', fashionDir: sourcePath(source.spec, specDir) };
  }
  return undefined;
}

async function openClassifier(dataset: ClassifierDataset, specFile: string, dir = classifierAssetsDir()): Promise<Result<LoadedClassifier>> {
  try {
    return { value: await loadClassifier(dataset, dir), diagnostics: [] };
  } catch (error) {
    const where = path.join(dir, `${dataset}.json`);
    const problem = error instanceof Error && !('code' in error) ? error.message : describeIoError(error);
    const diagnostic = makeDiagnostic('ClassifierUnreadable', specFile, undefined, { dataset, path: where, problem }, {
      hint: 'the package is incomplete: reinstall aeganc, or retrain the classifiers with `npx tsx tools/classifier/train.ts`',
    });
    return { diagnostics: [diagnostic] };
  }
}

function fail(diagnostic: Diagnostic): Result<GenerativeMetrics> {
  return { diagnostics: [diagnostic] };
}

export async function generativeMetrics(request: GenerativeMetricsRequest): Promise<Result<GenerativeMetrics>> {
  const { model, sampleNode, specDir } = request;
  const ir = model.ir;
  const specFile = ir.file;
  const fits = request.against ?? classifierDatasetOf(ir, specDir);
  if (!fits) {
    const sources = ir.data.map((d) => d.spec.kind).join(', ') || 'a module with no data';
    return fail(
      makeDiagnostic('NoClassifierForData', specFile, ir.data[0] ? spanAt(ir.data[0].source) : undefined, { source: sources }, {
        field: 'data',
        hint: 'train on mnist(split: …) or fashion_mnist(dir: …) to get Fréchet distance and coverage; reconstruction metrics need no classifier',
      }),
    );
  }
  const classifier = await openClassifier(fits.dataset, specFile, request.classifierDir);
  if (!classifier.value) return { diagnostics: classifier.diagnostics };
  const node = ir.nodes[sampleNode]!;
  const shapeText = node.type.kind === 'tensor' ? `[${node.type.shape.join(', ')}]` : `class[${node.type.classes}]`;
  const notClassifiable = () =>
    fail(
      makeDiagnostic('SampleNotClassifiable', specFile, spanAt(node.source), { shape: shapeText, dataset: fits.dataset }, {
        field: 'sample',
        hint: 'sample a generator whose output is [28, 28, 1] (or [784]) like the data',
      }),
    );
  const image = node.type.kind === 'tensor' ? imageShape(node.type.shape) : undefined;
  if (!image || image[0] !== 28 || image[1] !== 28 || image[2] !== 1) return notClassifiable();
  const tooFew = (count: number) =>
    fail(
      makeDiagnostic('TooFewSamples', specFile, undefined, { count }, {
        field: 'samples',
        hint: 'ask for more samples (the default is the size of the real test split)',
      }),
    );
  // Checked before the real references, which take a while to compute.
  if (request.count !== undefined && (!Number.isInteger(request.count) || request.count < 2)) return tooFew(request.count);
  const real = await realSplits(classifier.value, fits.dataset, fits.fashionDir, request.realLimit);
  if (!real.value) return { diagnostics: real.diagnostics };
  const count = request.count ?? real.value.test.count;
  if (!Number.isInteger(count) || count < 2) return tooFew(count);
  const drawn = await drawSamples(model, sampleNode, count);
  if (!drawn) return notClassifiable();
  const generated = await classify(classifier.value.weights, drawn.images, drawn.count);

  const { train, test } = real.value;
  const d = test.featureSize;
  const testGaussian = fitGaussian(test.features, test.count, d);
  const floorCount = Math.min(count, train.count);
  const coverage = classCoverage(generated);
  return {
    value: {
      classifier: {
        dataset: fits.dataset,
        testAccuracy: accuracy(test, real.value.testLabels),
        architecture: classifier.value.manifest.architecture,
      },
      samples: drawn.count,
      frechetDistance: frechetDistance(fitGaussian(generated.features, generated.count, d), testGaussian),
      frechetFloor: frechetDistance(fitGaussian(train.features, floorCount, d), testGaussian),
      classifierScore: classifierScore(generated),
      realClassifierScore: classifierScore(test),
      coverage,
      smallestClassShare: Math.min(...coverage),
      ...(drawn.conditions && drawn.conditionedOn
        ? { condition: { input: drawn.conditionedOn, accuracy: conditionAccuracy(generated, drawn.conditions) } }
        : {}),
    },
    diagnostics: [],
  };
}
