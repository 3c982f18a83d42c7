// The differential harness: runs one case (cases.ts) on one backend and
// returns everything the suite compares: the forward outputs (dtype, shape,
// values), the first-order gradients, the second-order gradients a penalty's
// double backward needs, and both orders against central finite differences.
//
//   S(θ)  = Σ_i Σ r_i ⊙ out_i                       (first order: ∇S)
//   g(θ)  = ∂/∂x Σ_i Σ r_i ⊙ out_i²,  x = the first differentiated input
//   H(θ)  = Σ g²                                    (second order: ∇H)
//
// out² makes the upstream gradient of every op depend on the values, as it
// does for a critic's layers inside a penalty, so a gradient kernel's own
// gradient in its upstream input (MaxPoolGrad's dy) is exercised.
// Finite differences are directional, for a fixed random direction v: the
// central difference D(ε) = (F(θ + εv) − F(θ − εv)) / 2ε, extrapolated
// (Richardson: (4·D(ε/2) − D(ε)) / 3, error O(ε⁴)), against Σ ⟨∇F, v⟩.

import { selectBackend } from '../../src/host/backend.js';
import { unregisterCpuKernels } from '../../src/numerics/kernels/cpu/registerCpuKernels.js';
import { tf, type Tensor } from '../../src/numerics/tf.js';
import { seededValues } from '../runtime/kernels/harness.js';

export type InputSpec =
  /** Seeded values in [low, high) (default [-1, 1)); `awayFromZero` keeps |v| ≥ 0.1·range so a kink is not crossed by ε. */
  | { readonly kind: 'float'; readonly shape: readonly number[]; readonly low?: number; readonly high?: number; readonly awayFromZero?: boolean }
  /** int32 class labels in 0..classes-1. */
  | { readonly kind: 'labels'; readonly shape: readonly number[]; readonly classes: number };

export interface Tolerances {
  /** Relative L2 error of each output and gradient against the reference. */
  readonly forward: number;
  readonly grad1: number;
  readonly grad2: number;
  /** |fd − ad| / max(|fd|, |ad|, rounding noise, 1e-3) of the directional derivatives. */
  readonly finiteDifference: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { forward: 1e-5, grad1: 1e-5, grad2: 1e-4, finiteDifference: 2e-2 };

export interface NumericsCase {
  readonly name: string;
  readonly inputs: readonly InputSpec[];
  /** The runtime function under test; several outputs as an array. */
  readonly run: (...inputs: Tensor[]) => Tensor | Tensor[];
  /** 0: forward only (draws, updates); 1: and ∇S; 2 (default with a float input): and ∇H. */
  readonly order?: 0 | 1 | 2;
  /** The inputs differentiated (default: every float input); the first is H's x. */
  readonly wrt?: readonly number[];
  /** Finite-difference step (default 1e-2; smaller for kinks). */
  readonly epsilon?: number;
  /** Why finite differences do not apply (a gradient that is zero or partial by definition). */
  readonly notFiniteDifferences?: string;
  readonly tolerance?: Partial<Tolerances>;
}

export interface OutputValue {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface DirectionalCheck {
  readonly analytic: number;
  readonly numeric: number;
  /** What float32 rounding of F alone can make the difference quotient wrong by (≈ 4e-5·|F| / ε: float32 rounding, amplified by the extrapolation). */
  readonly noise: number;
}

export interface CaseResult {
  readonly forward: OutputValue[];
  readonly grad1: Float32Array[];
  readonly grad2: Float32Array[];
  readonly fd1?: DirectionalCheck;
  readonly fd2?: DirectionalCheck;
  /** Tensors left behind by the case (should be 0). */
  readonly leaked: number;
}

export type Backend = 'cpu' | 'wasm' | 'webgpu';

/** Makes `backend` current through selectBackend (so our kernels are installed); throws with its diagnostic. */
export async function use(backend: Backend): Promise<void> {
  const result = await selectBackend(backend);
  if (!result.value) throw new Error(`cannot select ${backend}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
}

/** Whether `backend` can start here, and why not. */
export async function availability(backend: Backend): Promise<{ ok: true } | { ok: false; reason: string }> {
  const result = await selectBackend(backend);
  await use('cpu');
  return result.value ? { ok: true } : { ok: false, reason: result.diagnostics.map((d) => d.message).join('; ') };
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function inputTensor(spec: InputSpec, seed: number): Tensor {
  const n = size(spec.shape);
  if (spec.kind === 'labels') {
    const raw = seededValues(n, seed);
    return tf.tensor(Int32Array.from(raw, (v) => Math.floor(((v + 1) / 2) * spec.classes) % spec.classes), [...spec.shape], 'int32');
  }
  const low = spec.low ?? -1;
  const high = spec.high ?? 1;
  const values = seededValues(n, seed).map((u) => {
    // u in [-1, 1): map to [low, high), or to ±[0.1, 1]·half-range around the middle.
    if (!spec.awayFromZero) return low + ((u + 1) / 2) * (high - low);
    const half = (high - low) / 2;
    const magnitude = 0.1 + 0.9 * Math.abs(u);
    return (low + high) / 2 + Math.sign(u || 1) * magnitude * half;
  });
  return tf.tensor(values, [...spec.shape], 'float32');
}

const asArray = (out: Tensor | Tensor[]): Tensor[] => (Array.isArray(out) ? out : [out]);
const isFloat = (t: Tensor): boolean => t.dtype === 'float32';

/** Σ_i Σ r_i ⊙ f(out_i) over the float outputs, r_i seeded by output position. */
function weightedSum(outputs: Tensor[], square: boolean): Tensor {
  let total: Tensor = tf.scalar(0);
  outputs.forEach((out, i) => {
    if (!isFloat(out)) return;
    const r = tf.tensor(seededValues(Math.max(out.size, 1), 1000 + i), out.shape, 'float32');
    total = tf.add(total, tf.sum(tf.mul(r, square ? tf.square(out) : out)));
  });
  return total;
}

function differentiated(c: NumericsCase): number[] {
  return c.wrt ? [...c.wrt] : c.inputs.flatMap((spec, i) => (spec.kind === 'float' ? [i] : []));
}

export function orderOf(c: NumericsCase): 0 | 1 | 2 {
  return c.order ?? (differentiated(c).length > 0 ? 2 : 0);
}

/** Runs the case on the current backend. */
export function runCase(c: NumericsCase): CaseResult {
  const before = tf.memory().numTensors;
  let result!: Omit<CaseResult, 'leaked'>;
  // tidy returns only tensors: the plain arrays leave through `result`.
  tf.tidy(() => {
    result = computeCase(c);
  });
  return { ...result, leaked: tf.memory().numTensors - before };
}

function computeCase(c: NumericsCase): Omit<CaseResult, 'leaked'> {
  {
    const inputs = c.inputs.map((spec, i) => inputTensor(spec, 17 + 31 * i));
    const wrt = differentiated(c);
    const order = orderOf(c);
    const forward = asArray(c.run(...inputs)).map((t) => ({ dtype: t.dtype, shape: [...t.shape], values: Float32Array.from(t.dataSync() as ArrayLike<number>) }));
    if (order === 0) return { forward, grad1: [], grad2: [] };

    const withInputs = (f: (xs: Tensor[]) => Tensor) => (...chosen: Tensor[]) => {
      const xs = [...inputs];
      wrt.forEach((index, k) => (xs[index] = chosen[k]!));
      return f(xs);
    };
    const S = withInputs((xs) => weightedSum(asArray(c.run(...xs)), false));
    const chosen = wrt.map((i) => inputs[i]!);
    const grad1 = tf.grads(S)(chosen);
    const directions = chosen.map((t, k) => tf.tensor(seededValues(t.size, 5000 + k), t.shape, 'float32'));
    const epsilon = c.epsilon ?? 1e-2;
    const fd = (F: (...xs: Tensor[]) => Tensor, gradients: Tensor[]): DirectionalCheck => {
      const at = (step: number) => F(...chosen.map((t, k) => tf.add(t, tf.mul(directions[k]!, step)))).dataSync()[0]!;
      const central = (h: number) => (at(h) - at(-h)) / (2 * h);
      const analytic = gradients.reduce((sum, g, k) => sum + tf.sum(tf.mul(g, directions[k]!)).dataSync()[0]!, 0);
      return { analytic, numeric: (4 * central(epsilon / 2) - central(epsilon)) / 3, noise: (4e-5 * Math.abs(at(0))) / epsilon };
    };
    const fd1 = fd(S, grad1);
    const read = (ts: Tensor[]) => ts.map((t) => Float32Array.from(t.dataSync() as Float32Array));
    if (order === 1) return { forward, grad1: read(grad1), grad2: [], fd1 };

    // H: the penalty's shape, the input gradient's squared norm, differentiated again.
    const H = withInputs((xs) => {
      const x = xs[wrt[0]!]!;
      const g = tf.grad((xx: Tensor) => {
        const ys = [...xs];
        ys[wrt[0]!] = xx;
        return weightedSum(asArray(c.run(...ys)), true);
      })(x);
      return tf.sum(tf.square(g));
    });
    const grad2 = tf.grads(H)(chosen);
    return { forward, grad1: read(grad1), grad2: read(grad2), fd1, fd2: fd(H, grad2) };
  }
}

/** Runs the case on `backend` with our kernels installed, as selectBackend installs them. */
export async function runOn(backend: Backend, c: NumericsCase): Promise<CaseResult> {
  await use(backend);
  return runCase(c);
}

/** The reference: the cpu backend with tfjs's own kernels only (our cpu fixes removed). */
export async function runOnReference(c: NumericsCase): Promise<CaseResult> {
  await use('cpu');
  unregisterCpuKernels();
  try {
    return runCase(c);
  } finally {
    await use('cpu'); // reinstalls ours
  }
}

/** ‖a − b‖₂ / max(‖b‖₂, 1e-6·√n): relative, and absolute near a zero reference. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  if (Number.isNaN(diff)) return Infinity;
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-6 * Math.sqrt(a.length));
}

export function directionalError(check: DirectionalCheck): number {
  const { analytic, numeric, noise } = check;
  if (!Number.isFinite(analytic) || !Number.isFinite(numeric)) return Infinity;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), noise, 1e-3);
}

export function tolerancesOf(c: NumericsCase): Tolerances {
  return { ...DEFAULT_TOLERANCES, ...c.tolerance };
}
