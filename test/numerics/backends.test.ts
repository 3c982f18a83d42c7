// The differential suite: every case in cases.ts (every layer variant,
// activation, loss, reduction, expression op, model term, latent draw, label
// encoding and optimizer update, through the runtime's own functions) on
// every backend, against the reference, tfjs's cpu backend with its own
// kernels only, and against finite differences. Compared: each output's
// dtype and shape (exactly), values (relative L2 error), first-order and
// second-order gradients (differentialHarness.ts says which), with the tolerances in
// differentialHarness.ts's DEFAULT_TOLERANCES unless a case states its own. wasm must be
// available (it is a dependency): a wasm that does not start fails the
// suite. webgpu runs when it starts and is skipped, with the reason printed,
// when it does not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import {
  availability,
  directionalError,
  orderOf,
  relativeError,
  runOn,
  runOnReference,
  tolerancesOf,
  use,
  type Backend,
  type CaseResult,
  type NumericsCase,
} from './differentialHarness.js';

const references = new Map<string, CaseResult>();
async function referenceOf(c: NumericsCase): Promise<CaseResult> {
  let result = references.get(c.name);
  if (!result) {
    result = await runOnReference(c);
    references.set(c.name, result);
  }
  return result;
}

const webgpu = await availability('webgpu');
if (!webgpu.ok) console.warn(`numerics: webgpu skipped: ${webgpu.reason}`);
const backends: Backend[] = ['cpu', 'wasm', ...(webgpu.ok ? (['webgpu'] as const) : [])];

afterAll(async () => {
  await use('cpu');
});

it('the case names are unique', () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe('the reference agrees with finite differences', () => {
  it.each(CASES.filter((c) => orderOf(c) > 0))('$name', async (c) => {
    expectFiniteDifferences(c, await referenceOf(c));
  });
});

for (const backend of backends) {
  describe(`${backend} against the cpu reference`, () => {
    beforeAll(async () => {
      // Fails the suite, never skips it, when a backend that must be here is not.
      await use(backend);
    });
    it.each(CASES)('$name', async (c) => {
      const reference = await referenceOf(c);
      const actual = await runOn(backend, c);
      const tolerance = tolerancesOf(c);
      expect(actual.leaked, 'tensors left behind').toBe(0);
      expect(actual.forward.map((o) => [o.dtype, o.shape])).toEqual(reference.forward.map((o) => [o.dtype, o.shape]));
      actual.forward.forEach((out, i) => {
        const ref = reference.forward[i]!;
        if (out.dtype !== 'float32') expect(Array.from(out.values), `output ${i} (${out.dtype}) is exact`).toEqual(Array.from(ref.values));
        else expect(relativeError(out.values, ref.values), `output ${i} relative error`).toBeLessThan(tolerance.forward);
      });
      expect(actual.grad1.length).toBe(reference.grad1.length);
      actual.grad1.forEach((g, i) => expect(relativeError(g, reference.grad1[i]!), `first-order gradient ${i}`).toBeLessThan(tolerance.grad1));
      expect(actual.grad2.length).toBe(reference.grad2.length);
      actual.grad2.forEach((g, i) => expect(relativeError(g, reference.grad2[i]!), `second-order gradient ${i}`).toBeLessThan(tolerance.grad2));
      expectFiniteDifferences(c, actual);
    });
  });
}

function expectFiniteDifferences(c: NumericsCase, result: CaseResult): void {
  const { finiteDifference } = tolerancesOf(c);
  const order = orderOf(c);
  if (c.notFiniteDifferences) return;
  if (order >= 1) expect(directionalError(result.fd1!), `first order vs finite differences ${JSON.stringify(result.fd1)}`).toBeLessThan(finiteDifference);
  if (order >= 2) expect(directionalError(result.fd2!), `second order vs finite differences ${JSON.stringify(result.fd2)}`).toBeLessThan(finiteDifference);
}
