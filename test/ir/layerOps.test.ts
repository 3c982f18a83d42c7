import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { LAYER_OPS, describeLayer } from '../../src/ir/ops/layers.js';
import { NUMERICS_LAYER_OPS } from '../../src/numerics/layerOps.js';
import { TYPESCRIPT_LAYER_OPS } from '../../src/codegen/typescriptOps.js';
import { LAYERS } from '../../src/check/layers.js';

const spec = (input: string, body: string) => `data x: ${input} from npy("x.npy")
network D(img: ${input}) -> [1] {
  ${body} |> flatten |> dense(1)
}
loss l = bce_logits(1, D(x))
train {
  step s: minimize l over D with adam()
  steps 1
}
`;

const nodesOf = (input: string, body: string) => {
  const result = compileSpec(spec(input, body), 'spec.aegan');
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result.value!;
};

describe('the layer op table', () => {
  it('every back end renders exactly the kinds the IR table describes', () => {
    // The mapped types refuse a missing kind at compile time; this guards against an extra one.
    const kinds = Object.keys(LAYER_OPS).sort();
    expect(Object.keys(NUMERICS_LAYER_OPS).sort()).toEqual(kinds);
    expect(Object.keys(TYPESCRIPT_LAYER_OPS).sort()).toEqual(kinds);
  });

  it('the checker offers every table kind, in table order, and spectral_norm', () => {
    expect(Object.keys(LAYERS)).toEqual([...Object.keys(LAYER_OPS), 'spectral_norm']);
    expect(LAYERS.conv2d!.signature.params).toEqual([{ name: 'filters' }, { name: 'kernel', optional: true }, { name: 'stride', optional: true }, { name: 'padding', optional: true }]);
    expect(LAYERS.concat!.signature.rest).toEqual({ name: 'values', min: 0 });
  });

  it('creates weights and state in the table order, with ids by role', () => {
    const ir = nodesOf('[8, 8, 2]', 'conv2d(4, kernel: 3) |> batchnorm |> spectral_norm(conv2d(3, kernel: 2, stride: 2))');
    expect(ir.weights.map((w) => `${w.id} [${w.shape.join(', ')}] ${w.init.kind} ${w.fanIn}/${w.fanOut}`).slice(0, 6)).toEqual([
      'D/conv2d_1/kernel [3, 3, 2, 4] glorot_uniform 18/36',
      'D/conv2d_1/bias [4] zeros 18/36',
      'D/batchnorm_1/gamma [4] ones 4/4',
      'D/batchnorm_1/beta [4] zeros 4/4',
      'D/spectral_norm_1/kernel [2, 2, 4, 3] glorot_uniform 16/12',
      'D/spectral_norm_1/bias [3] zeros 16/12',
    ]);
    expect(ir.state.map((s) => `${s.id} [${s.shape.join(', ')}] ${s.init.kind}`)).toEqual([
      'D/batchnorm_1/moving_mean [4] zeros',
      'D/batchnorm_1/moving_variance [4] ones',
      'D/spectral_norm_1/power_u [1, 3] normal',
    ]);
    const spectral = ir.networks[0]!.nodes[3]!;
    expect(spectral.attrs).toEqual({ filters: 3, kernelSize: 2, stride: 2, padding: 'same', kernel: 'D/spectral_norm_1/kernel', bias: 'D/spectral_norm_1/bias', spectral: { u: 'D/spectral_norm_1/power_u', iterations: 1, epsilon: 1e-12 } });
    expect(describeLayer(spectral)).toBe('spectral_norm(conv2d(3, kernel: 2, stride: 2, padding: same))');
  });

  it('decides pool padding in the IR: valid, the ragged edge dropped', () => {
    const ir = nodesOf('[7, 7, 3]', 'maxpool(2) |> avgpool(3)');
    const [, maxpool, avgpool] = ir.networks[0]!.nodes;
    expect(maxpool).toMatchObject({ op: 'maxpool', shape: [3, 3, 3], attrs: { size: 2, padding: 'valid' } });
    expect(avgpool).toMatchObject({ op: 'avgpool', shape: [1, 1, 3], attrs: { size: 3, padding: 'valid' } });
  });
});
