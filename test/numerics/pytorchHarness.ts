// What pytorch.test.ts needs besides its table: fixed random host inputs, one
// case's two sides (torch's request, our runtime's computation), and the
// comparison in float64 with a stated tolerance.
import { expect } from 'vitest';
import { tf, type Tensor } from '../../src/numerics/tf.js';
import type { HostTensor, OracleAnswer, OracleRequest, OracleTensor } from '../oracle/torchOracle.js';
import { mulberry32 } from '../../src/ir/seeds.js';

export interface Tolerance {
  /** |ours − torch| ≤ atol + rtol·|torch|, elementwise. */
  readonly atol: number;
  readonly rtol: number;
}

/**
 * float32 against float64 on the same float32 inputs: a handful of roundings
 * of 6e-8 each, so 1e-4 relative with a 1e-5 floor for values near zero.
 */
export const FORWARD: Tolerance = { atol: 1e-5, rtol: 1e-4 };
/** Gradients chain a few more float32 ops (and reductions) than the forward pass. */
export const GRADIENT: Tolerance = { atol: 2e-5, rtol: 2e-4 };

export interface TorchCase {
  readonly name: string;
  /** torch_oracle.py's op, or 'snippet' with attrs.code. */
  readonly op: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, HostTensor>>;
  /** Our runtime's computation, on tensors made from `inputs` on the current backend. */
  readonly ours: (t: Record<string, Tensor>) => Record<string, Tensor>;
  /** Gradients of sum(outputs[of] · a fixed random cotangent) w.r.t. these inputs. */
  readonly grad?: { readonly of: string; readonly wrt: readonly string[] };
  readonly tolerance?: Tolerance;
  readonly gradTolerance?: Tolerance;
}

// ───────────────────────────── fixed random inputs ─────────────────────────────

// Inputs come from mulberry32 (src/ir/seeds.ts), so they never depend on tfjs or the backend.


const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function uniform(shape: readonly number[], seed: number, low = 0, high = 1): HostTensor {
  const next = mulberry32(seed);
  return { shape, data: Float32Array.from({ length: size(shape) }, () => low + (high - low) * next()) };
}

export function normal(shape: readonly number[], seed: number, std = 1, mean = 0): HostTensor {
  const next = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { shape, data: Float32Array.from({ length: size(shape) }, () => mean + std * gauss()) };
}

/** Integer labels 0..classes-1 that include both ends. */
export function labels(count: number, classes: number, seed: number): HostTensor {
  const next = mulberry32(seed);
  const data = Int32Array.from({ length: count }, (_, i) => (i === 0 ? 0 : i === 1 ? classes - 1 : Math.floor(next() * classes)));
  return { shape: [count], data };
}

export function hostOf(t: Tensor): HostTensor {
  const data = t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
  return { shape: t.shape, data };
}

export function tensorOf(h: HostTensor): Tensor {
  const dtype = h.data instanceof Int32Array ? 'int32' : 'float32';
  return tf.tensor(Array.from(h.data as ArrayLike<number>), [...h.shape], dtype);
}

// ───────────────────────────── the two sides of a case ─────────────────────────────

/** The input name of the random cotangent a gradient request carries. */
export const COTANGENT = '__cotangent';

/**
 * torch's request for `c`. The cotangent of the gradient is random (a sum
 * would hide errors whose sum is zero, e.g. in softmax or batchnorm), shaped
 * like our output, which is computed once here for its shape.
 */
export function requestFor(c: TorchCase, seed: number): OracleRequest {
  if (!c.grad) return { op: c.op, inputs: c.inputs, attrs: c.attrs };
  const shape = tf.tidy(() => c.ours(tensorsOf(c))[c.grad!.of]!.shape);
  const inputs = { ...c.inputs, [COTANGENT]: normal(shape, seed) };
  return { op: c.op, inputs, attrs: c.attrs, grad: { of: c.grad.of, wrt: c.grad.wrt, cotangent: COTANGENT } };
}

function tensorsOf(c: TorchCase): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tensorOf(v)]));
}

interface OurResult {
  readonly outputs: Record<string, { shape: number[]; dtype: string; data: Float32Array | Int32Array }>;
  readonly grads: Record<string, Float32Array>;
}

/** Runs our side of `c` on the current backend. */
export function runOurs(c: TorchCase, cotangent: HostTensor | undefined): OurResult {
  let result: OurResult | undefined;
  tf.tidy(() => {
    const given = tensorsOf(c);
    const read = (t: Tensor) => ({ shape: t.shape, dtype: t.dtype, data: t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync()) });
    const outputs = Object.fromEntries(Object.entries(c.ours(given)).map(([k, v]) => [k, read(v)]));
    const grads: Record<string, Float32Array> = {};
    if (c.grad && cotangent) {
      const { of, wrt } = c.grad;
      const dy = tensorOf(cotangent);
      const objective = (...xs: Tensor[]) => {
        const moved = { ...given };
        wrt.forEach((name, i) => (moved[name] = xs[i]!));
        return tf.sum(tf.mul(c.ours(moved)[of]!, dy));
      };
      const gs = tf.grads(objective)(wrt.map((name) => given[name]!));
      wrt.forEach((name, i) => (grads[name] = Float32Array.from(gs[i]!.dataSync())));
    }
    result = { outputs, grads };
  });
  return result!;
}

// ───────────────────────────── comparison ─────────────────────────────

/** Asserts `ours` ≈ `ref` elementwise; on failure names the worst entry. */
export function expectClose(what: string, ours: ArrayLike<number>, ref: OracleTensor, tolerance: Tolerance): void {
  expect(ours.length, `${what}: element count`).toBe(ref.data.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < ours.length; i++) {
    const bound = tolerance.atol + tolerance.rtol * Math.abs(ref.data[i]!);
    const excess = Math.abs(ours[i]! - ref.data[i]!) / bound;
    if (!(excess <= 1) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    const detail = `${what}: entry ${worst} is ${ours[worst]} where torch (float64) has ${ref.data[worst]}, ${worstExcess.toPrecision(3)}× the tolerance (atol ${tolerance.atol}, rtol ${tolerance.rtol})`;
    expect.fail(detail);
  }
}

/** Compares every output torch returned that we compute too, then the gradients. */
export function compareCase(c: TorchCase, answer: OracleAnswer, cotangent: HostTensor | undefined): void {
  const ours = runOurs(c, cotangent);
  for (const [name, mine] of Object.entries(ours.outputs)) {
    const ref = answer.outputs[name];
    if (!ref) throw new Error(`${c.name}: torch returned no output ${name}`);
    expect([...mine.shape], `${c.name}: shape of ${name}`).toEqual([...ref.shape]);
    // A float output must be a float tensor: the int label → float boundary.
    expect(mine.dtype, `${c.name}: dtype of ${name}`).toBe('float32');
    expectClose(`${c.name}: ${name}`, mine.data, ref, c.tolerance ?? FORWARD);
  }
  for (const [name, mine] of Object.entries(ours.grads)) {
    expectClose(`${c.name}: d/d${name}`, mine, answer.grads[name]!, c.gradTolerance ?? GRADIENT);
  }
}

