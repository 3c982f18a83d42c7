import { describe, expect, it } from 'vitest';
import type { Declaration } from '../../src/parser/ast.js';
import { parseClean, parseDeclaration, showExpr } from './harness.js';

function isKind<K extends Declaration['kind']>(
  declaration: Declaration,
  kind: K,
): declaration is Extract<Declaration, { kind: K }> {
  return declaration.kind === kind;
}

function as<K extends Declaration['kind']>(kind: K, text: string): Extract<Declaration, { kind: K }> {
  const declaration = parseDeclaration(text);
  if (!isKind(declaration, kind)) throw new Error(`expected ${kind}, got ${declaration.kind}`);
  return declaration;
}

describe('declarations', () => {
  it('reads model and param', () => {
    expect(as('ModelDecl', 'model mnist_ae').name.name).toBe('mnist_ae');
    const param = as('ParamDecl', 'param code = 7 * 7 * 128');
    expect([param.name.name, showExpr(param.value)]).toEqual(['code', '((7 * 7) * 128)']);
  });

  it('reads data with several fields, class types and a scale', () => {
    const data = as('DataDecl', 'data x: [28, 28, 1], label: class[10] from mnist(split: "train") scale -1..1');
    expect(data.fields.map((field) => field.name.name)).toEqual(['x', 'label']);
    expect(data.fields[0].type).toMatchObject({
      kind: 'ShapeType',
      dims: [{ raw: '28' }, { raw: '28' }, { raw: '1' }],
    });
    expect(data.fields[1].type).toMatchObject({ kind: 'ClassType', classes: { kind: 'Number', value: 10 } });
    expect(showExpr(data.source)).toBe('mnist(split: "train")');
    expect(data.scale && showExpr(data.scale)).toBe('(-1)..1');
    expect(as('DataDecl', 'data x: [784] from npy("x.npy")').scale).toBeUndefined();
  });

  it('reads a latent', () => {
    const latent = as('LatentDecl', 'latent z: [100] ~ normal(0, 1)');
    expect([latent.name.name, showExpr(latent.distribution)]).toEqual(['z', 'normal(0, 1)']);
  });

  it('reads a network with one input, an init call and a plain stack', () => {
    const net = as(
      'NetworkDecl',
      'network G(noise: [100]) -> [28, 28, 1] init normal(0, 0.02) {\n  dense(10) |> relu\n  flatten\n}',
    );
    expect(net.inputs.map((input) => input.name.name)).toEqual(['noise']);
    expect(net.output).toMatchObject({ kind: 'SingleOutput', shape: { kind: 'ShapeType' } });
    expect(net.init && showExpr(net.init)).toBe('normal(0, 0.02)');
    expect(net.body.map((statement) => statement.stages.map(showExpr))).toEqual([['dense(10)', 'relu'], ['flatten']]);
  });

  it('reads an init given by name', () => {
    expect(as('NetworkDecl', 'network E(x: [1]) -> [1] init he_normal { relu }').init).toMatchObject({
      kind: 'Name',
      name: 'he_normal',
    });
  });

  it('reads a network with named outputs and bound statements', () => {
    const net = as(
      'NetworkDecl',
      'network encoder(img: [28, 28, 1], y: class[10]) -> (mu: [16], logvar: [16]) {\n  h = img |> flatten\n  mu = h |> dense(16)\n  logvar = h |> dense(16)\n}',
    );
    expect(net.inputs.map((input) => input.type.kind)).toEqual(['ShapeType', 'ClassType']);
    expect(net.output.kind).toBe('NamedOutputs');
    if (net.output.kind === 'NamedOutputs') {
      expect(
        net.output.outputs.map((output) => [
          output.name.name,
          showExpr({ kind: 'List', items: output.shape.dims, span: output.shape.span }),
        ]),
      ).toEqual([
        ['mu', '[16]'],
        ['logvar', '[16]'],
      ]);
    }
    expect(net.body.map((statement) => statement.target?.name)).toEqual(['h', 'mu', 'logvar']);
  });

  it('reads head calls, list arguments and nested spectral_norm', () => {
    const net = as(
      'NetworkDecl',
      'network D(a: [4], b: [4]) -> [1] {\n  h = concat(a, b) |> reshape([2, 2, 2])\n  h |> spectral_norm(conv2d(64, kernel: 4, stride: 2, padding: same)) |> flatten\n}',
    );
    expect(net.body.map((statement) => statement.stages.map(showExpr))).toEqual([
      ['concat(a, b)', 'reshape([2, 2, 2])'],
      ['h', 'spectral_norm(conv2d(64, kernel: 4, stride: 2, padding: same))', 'flatten'],
    ]);
    const wrapped = net.body[1].stages[1];
    expect(wrapped.kind === 'Call' && wrapped.args[0].value).toMatchObject({
      kind: 'Call',
      callee: { name: 'conv2d' },
      args: [
        { value: { raw: '64' } },
        { name: { name: 'kernel' } },
        { name: { name: 'stride' } },
        { name: { name: 'padding' }, value: { kind: 'Name', name: 'same' } },
      ],
    });
  });

  it('reads let with one name and destructured', () => {
    const single = as('LetDecl', 'let fake = G(z)');
    expect([single.names.map((n) => n.name), single.destructured]).toEqual([['fake'], false]);
    const pair = as('LetDecl', 'let (mu, logvar) = encoder(x)');
    expect([pair.names.map((n) => n.name), pair.destructured, showExpr(pair.value)]).toEqual([
      ['mu', 'logvar'],
      true,
      'encoder(x)',
    ]);
    expect(as('LetDecl', 'let (only) = f(x)')).toMatchObject({ destructured: true, names: [{ name: 'only' }] });
  });

  it('reads a loss', () => {
    const loss = as(
      'LossDecl',
      'loss elbo = bce(x, decoder(reparam(mu, logvar)), reduce: sum) + kl_normal(mu, logvar)',
    );
    expect(showExpr(loss.value)).toBe('(bce(x, decoder(reparam(mu, logvar)), reduce: sum) + kl_normal(mu, logvar))');
  });

  it('reads eval items: bare, with held-out sources, and with a field called `every`', () => {
    const train = as('TrainDecl', `train {
  eval every 500
  eval x from mnist(split: "test"), y from csv("t.csv", label: "c") every 10
  eval every from npy("v.npy") every 3
}`);
    const [bare, named, tricky] = train.items;
    expect(bare).toMatchObject({ kind: 'EvalItem', heldOut: [], every: { raw: '500' } });
    expect(named).toMatchObject({ kind: 'EvalItem', every: { raw: '10' } });
    expect(named?.kind === 'EvalItem' && named.heldOut.map((h) => [h.name.name, h.source.callee.name, h.name.span.start.column])).toEqual([['x', 'mnist', 8], ['y', 'csv', 37]]);
    expect(tricky).toMatchObject({ kind: 'EvalItem', heldOut: [{ name: { name: 'every' } }], every: { raw: '3' } });
  });

  it('reads every kind of train item', () => {
    const train = as(
      'TrainDecl',
      `train {
  step D: minimize d_loss over D with adam(lr: 2e-4, beta1: 0.5) repeat 5
  step G: maximize -g over G, E with sgd(lr: 0.1)
  batch 64
  epochs 20
  steps 10000
  seed 7
  ema G 0.999
  sample G(z) every 500
  checkpoint every 1000
}`,
    );
    expect(train.items.map((item) => item.kind)).toEqual([
      'StepItem',
      'StepItem',
      'SettingItem',
      'SettingItem',
      'SettingItem',
      'SettingItem',
      'EmaItem',
      'SampleItem',
      'CheckpointItem',
    ]);
    const [d, g] = train.items;
    expect(d).toMatchObject({
      name: { name: 'D' },
      direction: 'minimize',
      over: [{ name: 'D' }],
      repeat: { raw: '5' },
    });
    expect(g).toMatchObject({ direction: 'maximize', over: [{ name: 'G' }, { name: 'E' }] });
    expect(g.kind === 'StepItem' && [showExpr(g.objective), showExpr(g.optimizer), g.repeat]).toEqual([
      '(-g)',
      'sgd(lr: 0.1)',
      undefined,
    ]);
    expect(train.items.slice(2, 6).map((item) => item.kind === 'SettingItem' && item.setting)).toEqual([
      'batch',
      'epochs',
      'steps',
      'seed',
    ]);
    expect(train.items[6]).toMatchObject({ network: { name: 'G' }, decay: { raw: '0.999' } });
    expect(train.items[7].kind === 'SampleItem' && showExpr(train.items[7].value)).toBe('G(z)');
    expect(as('TrainDecl', 'train {}').items).toEqual([]);
  });
});

describe('keywords used as names', () => {
  it('accepts a param named after a keyword and uses it in a shape', () => {
    const file = parseClean('param latent = 100\nlatent z: [latent] ~ normal(0, 1)\nparam steps = 2 * latent');
    expect(file.declarations.map((declaration) => declaration.kind)).toEqual(['ParamDecl', 'LatentDecl', 'ParamDecl']);
    const latent = file.declarations[1];
    expect(latent.kind === 'LatentDecl' && latent.type).toMatchObject({ dims: [{ kind: 'Name', name: 'latent' }] });
  });

  it('accepts keyword names for networks, steps, inputs, bindings and arguments', () => {
    parseClean(`network data(from: [1], class: [1]) -> [1] init init {
  step = concat(from, class) |> dense(units: 1)
  step
}
let (loss, sample) = data(1, 2)
train {
  step train: minimize loss over data with adam(lr: 1)
  sample data(step) every 10
  ema data 0.9
}`);
  });

  it('accepts `class` as a plain name outside a type', () => {
    expect(as('ParamDecl', 'param class = 10').name.name).toBe('class');
  });
});
