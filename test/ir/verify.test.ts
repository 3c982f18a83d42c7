import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { verifyIr } from '../../src/ir/verify.js';
import type { IrModule } from '../../src/ir/types.js';
import { ROOT } from '../goldenFiles.js';

const module = (file: string): IrModule => compileSpec(readFileSync(join(ROOT, 'examples', file), 'utf8'), file).value!;

describe('the IR verifier', () => {
  it('accepts the IR of every example', () => {
    for (const file of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.aegan'))) {
      expect(verifyIr(module(file)), file).toEqual([]);
    }
  });

  it('finds a forward reference, an unknown weight and a non-scalar objective', () => {
    const ir = module('mnist-dcgan.aegan');
    const broken: IrModule = {
      ...ir,
      nodes: ir.nodes.map((n, i) => (i === 1 ? { ...n, inputs: [5] } : n)),
      networks: ir.networks.map((n, i) => (i === 0 ? { ...n, weights: [...n.weights, 'G/ghost/kernel'] } : n)),
      train: { ...ir.train, steps: ir.train.steps.map((s, i) => (i === 0 ? { ...s, objective: 0 } : s)) },
    };
    const problems = verifyIr(broken);
    expect(problems).toContain('node 1 (apply): input 5 is not an earlier node');
    expect(problems).toContain('G: unknown weight G/ghost/kernel');
    expect(problems).toContain('step D: objective is not a scalar');
  });

  it('orders weights as created: networks, then layers, then kernel before bias', () => {
    const ir = module('mnist-dcgan.aegan');
    expect(ir.weights.slice(0, 4).map((w) => w.id)).toEqual(['G/dense_1/kernel', 'G/dense_1/bias', 'G/batchnorm_1/gamma', 'G/batchnorm_1/beta']);
    expect(ir.weights.find((w) => w.id === 'G/conv2d_transpose_1/kernel')!.shape).toEqual([4, 4, 64, 128]);
    expect(ir.weights.find((w) => w.id === 'D/conv2d_1/kernel')!.init).toEqual({ kind: 'normal', mean: 0, std: 0.02 });
  });
});
