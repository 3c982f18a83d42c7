// Tiny hand-built modules for the training tests.
import type { IrModule } from '../../src/ir/types.js';
import { IrBuilder, adam, sgd } from './irBuilder.js';

/** A GAN on 4-dim data: G(z) with batchnorm, D with dropout and spectral norm; steps D then G. */
export function tinyGan(options: { repeatD?: number; ema?: boolean; onlyD?: boolean; seed?: number } = {}): IrModule {
  const b = new IrBuilder();
  b.network('G', [{ name: 'z', shape: [2] }], (n) => {
    let h = n.dense(0, [2], 5);
    h = n.batchnorm(h, [5]);
    h = n.layer('relu', [h], [5]);
    h = n.dense(h, [5], 4);
    return [{ node: n.layer('sigmoid', [h], [4]), shape: [4] }];
  });
  b.network('D', [{ name: 'x', shape: [4] }], (n) => {
    let h = n.dense(0, [4], 6, true);
    h = n.layer('leaky_relu', [h], [6], { alpha: 0.2 });
    h = n.dropout(h, [6], 0.3);
    return [{ node: n.dense(h, [6], 1), shape: [1] }];
  });
  const [x] = b.dataSource('x', [4]);
  const z = b.latent('z', { kind: 'tensor', shape: [2] }, { kind: 'normal', mean: 0, std: 1 });
  const [fake] = b.apply('G', [z]);
  const [dReal] = b.apply('D', [x!]);
  const [dFake] = b.apply('D', [fake!]);
  const one = b.constant(1);
  const zero = b.constant(0);
  const dLoss = b.loss(
    'd_loss',
    b.node('add', [b.node('bce_logits', [one, dReal!], undefined, { reduce: 'mean' }), b.node('bce_logits', [zero, dFake!], undefined, { reduce: 'mean' })]),
  );
  const gLoss = b.loss('g_loss', b.node('bce_logits', [one, dFake!], undefined, { reduce: 'mean' }));
  b.step('D', dLoss, ['D'], adam(1e-2), { repeat: options.repeatD ?? 1 });
  if (!options.onlyD) b.step('G', gLoss, ['G'], sgd(0.1, 0.9));
  return b.build({
    batch: 4,
    seed: options.seed ?? 7,
    ema: options.ema ? [{ network: 'G', decay: 0.9 }] : [],
  });
}

/** An MLP autoencoder on `size`-dim data, MSE, Adam. */
export function tinyAutoencoder(size = 8, code = 3, lr = 1e-2): IrModule {
  const b = new IrBuilder();
  b.network('encoder', [{ name: 'img', shape: [size] }], (n) => {
    const h = n.dense(0, [size], code);
    return [{ node: n.layer('tanh', [h], [code]), shape: [code] }];
  });
  b.network('decoder', [{ name: 'code', shape: [code] }], (n) => {
    const h = n.dense(0, [code], size);
    return [{ node: n.layer('sigmoid', [h], [size]), shape: [size] }];
  });
  const [x] = b.dataSource('x', [size]);
  const [h] = b.apply('encoder', [x!]);
  const [y] = b.apply('decoder', [h!]);
  const recon = b.loss('recon', b.node('mse', [x!, y!], undefined, { reduce: 'mean' }));
  b.step('ae', recon, ['encoder', 'decoder'], adam(lr));
  b.autoencoder = { data: 'x', encoder: 'encoder', decoder: 'decoder', codeOutput: 0 };
  return b.build({ batch: 8, seed: 3 });
}
