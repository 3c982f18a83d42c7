// The linear probe of learned features: a multinomial logistic regression
// fitted on the train split's codes, scored by its accuracy on the test
// split's. Features are standardised with the train split's mean and standard
// deviation; weights start at zero and full-batch Adam runs a fixed number of
// iterations. It runs in plain float64 JavaScript, not on a tfjs backend: the
// problem is small (examples × code × classes), and the result is then the
// same number on every backend and machine.

export interface ProbeData {
  /** count × size values, example after example. */
  readonly codes: Float32Array;
  readonly size: number;
  readonly labels: Int32Array;
}

export interface ProbeOptions {
  readonly classes: number;
  readonly iterations?: number;
  readonly learningRate?: number;
  /** L2 weight on the weights (not the biases). */
  readonly l2?: number;
}

export interface ProbeResult {
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly iterations: number;
}

export function linearProbe(train: ProbeData, test: ProbeData, options: ProbeOptions): ProbeResult {
  const { classes, iterations = 500, learningRate = 0.05, l2 = 1e-4 } = options;
  const { size } = train;
  const [mean, std] = moments(train);
  const standardise = (data: ProbeData) => Float64Array.from(data.codes, (v, i) => (v - mean[i % size]!) / std[i % size]!);
  const x = standardise(train);
  const n = train.labels.length;
  // Parameters: size × classes weights, then classes biases; Adam's moments beside them.
  const params = new Float64Array((size + 1) * classes);
  const [m, v, grad] = [new Float64Array(params.length), new Float64Array(params.length), new Float64Array(params.length)];
  const logits = new Float64Array(classes);
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (let e = 0; e < n; e++) {
      scores(params, x, e, size, classes, logits);
      softmaxInPlace(logits);
      logits[train.labels[e]!]! -= 1;
      for (let k = 0; k < classes; k++) {
        const g = logits[k]! / n;
        for (let j = 0; j < size; j++) grad[j * classes + k]! += g * x[e * size + j]!;
        grad[size * classes + k]! += g;
      }
    }
    for (let i = 0; i < size * classes; i++) grad[i]! += 2 * l2 * params[i]!;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const alpha = (learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < params.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * grad[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * grad[i]! ** 2;
      params[i]! -= (alpha * m[i]!) / (Math.sqrt(v[i]!) + eps);
    }
  }
  const accuracy = (features: Float64Array, labels: Int32Array) => {
    let right = 0;
    for (let e = 0; e < labels.length; e++) {
      scores(params, features, e, size, classes, logits);
      if (argMax(logits) === labels[e]) right++;
    }
    return labels.length === 0 ? 0 : right / labels.length;
  };
  return { trainAccuracy: accuracy(x, train.labels), testAccuracy: accuracy(standardise(test), test.labels), iterations };
}

/** Per-feature mean and standard deviation of the train codes (a constant feature gets 1). */
function moments(data: ProbeData): [Float64Array, Float64Array] {
  const { size, labels } = data;
  const [mean, std] = [new Float64Array(size), new Float64Array(size)];
  data.codes.forEach((value, i) => (mean[i % size]! += value / labels.length));
  data.codes.forEach((value, i) => (std[i % size]! += (value - mean[i % size]!) ** 2 / labels.length));
  for (let j = 0; j < size; j++) std[j] = Math.sqrt(std[j]!) || 1;
  return [mean, std];
}

function scores(params: Float64Array, x: Float64Array, e: number, size: number, classes: number, out: Float64Array): void {
  for (let k = 0; k < classes; k++) out[k] = params[size * classes + k]!;
  for (let j = 0; j < size; j++) {
    const value = x[e * size + j]!;
    for (let k = 0; k < classes; k++) out[k]! += value * params[j * classes + k]!;
  }
}

function softmaxInPlace(values: Float64Array): void {
  const max = Math.max(...values);
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k] = Math.exp(values[k]! - max);
  for (let k = 0; k < values.length; k++) values[k]! /= sum;
}

function argMax(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}
