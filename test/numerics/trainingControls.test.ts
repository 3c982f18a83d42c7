// The training controls of issue 12 against PyTorch's own implementations,
// on cpu and wasm: adamw vs torch.optim.AdamW and sgd's weight_decay vs
// torch.optim.SGD over 20 updates of fixed gradients; each schedule's rate per
// iteration vs LambdaLR / CosineAnnealingLR / StepLR / ExponentialLR, and
// applied in updates; clipping
// vs torch.nn.utils.clip_grad_norm_.
import { afterAll, describe, expect, it } from 'vitest';
import { tf, type Tensor } from '../../src/numerics/tf.js';
import { selectBackend } from '../../src/host/backend.js';
import type { Optimizer } from '../../src/ir/types.js';
import { updateRule } from '../../src/numerics/optimizers.js';
import { clipByGlobalNorm } from '../../src/numerics/gradientClipping.js';
import { learningRateAt } from '../../src/ir/learningRate.js';
import { startOracleOrSkip, type HostTensor } from '../oracle/torchOracle.js';
import { FORWARD, expectClose, normal, tensorOf } from './pytorchHarness.js';

const oracle = await startOracleOrSkip('the training-control tests against PyTorch');
const UPDATES = 20;

/** Our weight after each of the updates (the gradients' rows), the rate of update t at iteration t − 1. */
function ourUpdates(optimizer: Optimizer, weight: HostTensor, gradients: HostTensor): Float32Array {
  return tf.tidy(() => {
    let w = tensorOf(weight);
    let slots = updateRule(optimizer).slots.map(() => tf.zerosLike(w));
    const history: Tensor[] = [];
    tf.unstack(tensorOf(gradients)).forEach((g, i) => {
      ({ weight: w, slots } = updateRule(optimizer).apply(w, g, slots, i + 1, learningRateAt(optimizer, i)));
      history.push(w);
    });
    return tf.stack(history).dataSync() as Float32Array;
  });
}

/** torch.optim's weights after each update; `make` builds `opt` (and optionally `scheduler`) for parameter `p`. */
async function torchUpdates(make: string, weight: HostTensor, gradients: HostTensor) {
  const code = `p = torch.nn.Parameter(inputs["weight"].clone())
scheduler = None
${make}
history = []
for g in inputs["gradients"]:
    p.grad = g.clone()
    opt.step()
    if scheduler is not None:
        scheduler.step()
    history.append(p.detach().clone())
outputs = {"weights": torch.stack(history)}`;
  return (await oracle!.run({ op: 'snippet', attrs: { code }, inputs: { weight, gradients } })).outputs['weights']!;
}

/** Iterations 0..count-1 of a torch scheduler's rate (param_groups[0]["lr"] before each step). */
async function torchRates(make: string, count: number): Promise<Float64Array> {
  const code = `p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
${make}
rates = []
for _ in range(${count}):
    rates.append(opt.param_groups[0]["lr"])
    opt.step()
    scheduler.step()
outputs = {"rates": torch.tensor(rates, dtype=torch.float64)}`;
  return (await oracle!.run({ op: 'snippet', attrs: { code } })).outputs['rates']!.data;
}

const weight = normal([6], 40);
const gradients = normal([UPDATES, 6], 41);

const linear: Optimizer = { kind: 'sgd', lr: 0.1, momentum: 0, schedule: { kind: 'linear', to: 0.01, after: 5, over: 10 } };
const cosine: Optimizer = { kind: 'sgd', lr: 0.1, momentum: 0, schedule: { kind: 'cosine', min: 0.002, over: 12 } };
// CycleGAN's LambdaLR written for our linear schedule: lr · (1 + (to/lr − 1) · min(1, max(0, i − after)/over)).
const LAMBDA_LR = 'scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: 1 + (0.01 / 0.1 - 1) * min(1, max(0, i - 5) / 10))';
const cosineLr = (over: number) => `scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=${over}, eta_min=0.002)`;

describe.skipIf(!oracle)('training controls against PyTorch (float64)', () => {
  afterAll(async () => {
    await oracle?.close();
    await selectBackend('cpu');
  });

  it('linear schedule: the rate per iteration is LambdaLR\'s, held at `to` after after + over', async () => {
    const rates = await torchRates(`opt = torch.optim.SGD([p], lr=0.1)\n${LAMBDA_LR}`, 30);
    rates.forEach((rate, i) => expect(learningRateAt(linear, i)).toBeCloseTo(rate, 14));
    expect(learningRateAt(linear, 15)).toBe(0.01);
    expect(learningRateAt(linear, 1000)).toBe(0.01);
  });

  it('cosine schedule: the rate per iteration is CosineAnnealingLR\'s over T_max, then held at min', async () => {
    const rates = await torchRates(`opt = torch.optim.SGD([p], lr=0.1)\n${cosineLr(12)}`, 13);
    rates.forEach((rate, i) => expect(learningRateAt(cosine, i)).toBeCloseTo(rate, 12));
    // CosineAnnealingLR rises again after T_max (a period of 2·T_max); ours stays at min.
    expect(learningRateAt(cosine, 40)).toBe(0.002);
  });

  it('step_decay and exponential: the rate per iteration is StepLR\'s and ExponentialLR\'s', async () => {
    const stepDecay: Optimizer = { kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, schedule: { kind: 'step_decay', every: 4, gamma: 0.5 } };
    const exponential: Optimizer = { kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, schedule: { kind: 'exponential', gamma: 0.9 } };
    const stepRates = await torchRates('opt = torch.optim.SGD([p], lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=4, gamma=0.5)', 30);
    stepRates.forEach((rate, i) => expect(learningRateAt(stepDecay, i)).toBeCloseTo(rate, 14));
    const exponentialRates = await torchRates('opt = torch.optim.SGD([p], lr=0.1)\nscheduler = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)', 30);
    exponentialRates.forEach((rate, i) => expect(learningRateAt(exponential, i)).toBeCloseTo(rate, 14));
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    describe(backend, () => {
      it('selects the backend', async () => expect((await selectBackend(backend)).value?.name).toBe(backend));

      it('adamw, epsilon 0 (the forms coincide) = torch.optim.AdamW over 20 updates', async () => {
        const ours = ourUpdates({ kind: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 0, weightDecay: 0.1 }, weight, gradients);
        const ref = await torchUpdates('opt = torch.optim.AdamW([p], lr=0.01, betas=(0.9, 0.999), eps=0, weight_decay=0.1)', weight, gradients);
        expectClose('adamw weights', ours, ref, FORWARD);
      });

      it('adamw with a linear schedule and epsilon 1e-7 = torch.optim.AdamW + LambdaLR', async () => {
        const ours = ourUpdates({ kind: 'adamw', lr: 0.1, beta1: 0.5, beta2: 0.99, epsilon: 1e-7, weightDecay: 0.01, schedule: linear.schedule! }, weight, gradients);
        const ref = await torchUpdates(`opt = torch.optim.AdamW([p], lr=0.1, betas=(0.5, 0.99), eps=1e-7, weight_decay=0.01)\n${LAMBDA_LR}`, weight, gradients);
        expectClose('adamw weights', ours, ref, FORWARD);
      });

      it('sgd, momentum 0.9, weight_decay 0.05, cosine schedule = torch.optim.SGD + CosineAnnealingLR', async () => {
        // over 20 = the updates: past T_max torch's rate rises again, ours holds (the test above).
        const ours = ourUpdates({ kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.05, schedule: { kind: 'cosine', min: 0.002, over: UPDATES } }, weight, gradients);
        const ref = await torchUpdates(`opt = torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.05)\n${cosineLr(UPDATES)}`, weight, gradients);
        expectClose('sgd weights', ours, ref, FORWARD);
      });

      for (const maxNorm of [0.5, 100]) {
        it(`clip_norm ${maxNorm} = torch.nn.utils.clip_grad_norm_ over three gradients, one absent`, async () => {
          const parts = [normal([3, 4], 50), normal([5], 51), normal([2, 2], 52)];
          const ours = tf.tidy(() => {
            const clipped = clipByGlobalNorm([tensorOf(parts[0]!), undefined, tensorOf(parts[1]!), tensorOf(parts[2]!)], maxNorm);
            expect(clipped[1]).toBeUndefined();
            return [clipped[0]!, clipped[2]!, clipped[3]!].map((t) => Float32Array.from(t.dataSync()));
          });
          const code = `ps = [torch.nn.Parameter(torch.zeros_like(inputs[k])) for k in ("a", "b", "c")]
for p, k in zip(ps, ("a", "b", "c")):
    p.grad = inputs[k].clone()
absent = torch.nn.Parameter(torch.zeros(3))
torch.nn.utils.clip_grad_norm_(ps + [absent], ${maxNorm})
outputs = {"a": ps[0].grad, "b": ps[1].grad, "c": ps[2].grad}`;
          const ref = await oracle!.run({ op: 'snippet', attrs: { code }, inputs: { a: parts[0]!, b: parts[1]!, c: parts[2]! } });
          ['a', 'b', 'c'].forEach((k, i) => expectClose(`gradient ${k}`, ours[i]!, ref.outputs[k]!, FORWARD));
          if (maxNorm === 100) ours.forEach((g, i) => expect(g).toEqual(parts[i]!.data));
        });
      }
    });
  }
});
