// What completion can offer, by kind: keywords, layers (their arguments from
// the checker's own table), functions, data sources, distributions,
// initialisers and optimizers, each with a snippet of its usual arguments.

import { LAYERS } from '../check/layers.js';
import { FUNCTION_NAMES } from '../check/elaborateExpressions.js';

export interface CatalogueItem {
  readonly label: string;
  /** Shown beside the label: the signature. */
  readonly detail: string;
  /** A snippet (`$1`, `${1:units}`). */
  readonly snippet: string;
}

const item = (label: string, detail: string, snippet = label): CatalogueItem => ({ label, detail, snippet });

export const DECLARATION_KEYWORDS: readonly CatalogueItem[] = [
  item('model', 'model NAME', 'model ${1:name}'),
  item('param', 'param NAME = EXPR', 'param ${1:name} = ${2:1}'),
  item('data', 'data NAME: TYPE from SOURCE', 'data ${1:x}: [${2:28, 28, 1}] from ${3:mnist(split: "train")}'),
  item('latent', 'latent NAME: TYPE ~ DISTRIBUTION', 'latent ${1:z}: [${2:100}] ~ ${3:normal(0, 1)}'),
  item('network', 'network NAME(IN: SHAPE) -> OUT { BODY }', 'network ${1:name}(${2:x}: [${3:784}]) -> [${4:784}] {\n  $0\n}'),
  item('let', 'let NAME = EXPR', 'let ${1:name} = $0'),
  item('loss', 'loss NAME = EXPR', 'loss ${1:name} = $0'),
  item('train', 'train { … }', 'train {\n  step ${1:s}: minimize ${2:loss} over ${3:network} with adam(lr: ${4:1e-3})\n  batch ${5:64}\n  epochs ${6:10}\n}'),
];

export const TRAIN_KEYWORDS: readonly CatalogueItem[] = [
  item('step', 'step NAME: minimize LOSS over NETWORKS with OPTIMIZER [repeat N]', 'step ${1:name}: ${2|minimize,maximize|} ${3:loss} over ${4:network} with ${5:adam(lr: 1e-3)}'),
  item('batch', 'batch N', 'batch ${1:64}'),
  item('epochs', 'epochs N', 'epochs ${1:10}'),
  item('steps', 'steps N', 'steps ${1:10000}'),
  item('seed', 'seed N', 'seed ${1:1}'),
  item('ema', 'ema NETWORK DECAY', 'ema ${1:G} ${2:0.999}'),
  item('sample', 'sample NETWORK(LATENT) every N', 'sample ${1:G}(${2:z}) every ${3:500}'),
  item('checkpoint', 'checkpoint every N', 'checkpoint every ${1:1000}'),
  item('eval', 'eval [DATA from SOURCE, …] every N', 'eval every ${1:500}'),
];

/** Layers with their arguments, from the checker's table: required ones become placeholders. */
export function layerItems(): CatalogueItem[] {
  return Object.entries(LAYERS).map(([name, layer]) => {
    const params = layer.signature.params;
    const rest = layer.signature.rest;
    const detail = params.length === 0 && !rest
      ? name
      : `${name}(${[...params.map((p) => (p.optional ? `${p.name}: …` : p.name)), ...(rest ? [`${rest.name}…`] : [])].join(', ')})`;
    const required = params.filter((p) => !p.optional);
    const placeholders = required.map((p, i) => `\${${i + 1}:${p.name}}`);
    if (rest) placeholders.push(`\${${required.length + 1}:a}, \${${required.length + 2}:b}`);
    const snippet = name === 'spectral_norm'
      ? 'spectral_norm(${1:conv2d(64, kernel: 4, stride: 2)})'
      : name === 'reshape' ? 'reshape([${1:7, 7, 128}])' : placeholders.length > 0 ? `${name}(${placeholders.join(', ')})` : name;
    return item(name, detail, snippet);
  });
}

const FUNCTION_SIGNATURES: Readonly<Record<string, string>> = {
  mse: 'mse(target, pred)', l1: 'l1(target, pred)', bce: 'bce(target, pred)', bce_logits: 'bce_logits(target, logits)',
  cross_entropy: 'cross_entropy(labels, logits)', mean: 'mean(v)', sum: 'sum(v)', clip: 'clip(v, lo, hi)',
  one_hot: 'one_hot(label)', concat: 'concat(a, b)', detach: 'detach(v)', kl_normal: 'kl_normal(mu, logvar)',
  reparam: 'reparam(mu, logvar)', gradient_penalty: 'gradient_penalty(D, real, fake)', r1_penalty: 'r1_penalty(D, real)',
  noise: 'noise(v, std)', cutout: 'cutout(v, size)', cutout_mask: 'cutout_mask(cut)',
};

/** The functions of expressions (`let`, `loss`), from the checker's list. */
export function functionItems(): CatalogueItem[] {
  return FUNCTION_NAMES.map((name) => {
    const signature = FUNCTION_SIGNATURES[name] ?? `${name}(v)`;
    const args = /\((.*)\)/.exec(signature)![1]!.split(', ');
    return item(name, signature, `${name}(${args.map((a, i) => `\${${i + 1}:${a}}`).join(', ')})`);
  });
}

export const SOURCE_ITEMS: readonly CatalogueItem[] = [
  item('mnist', 'mnist(split: "train"|"test")', 'mnist(split: "${1|train,test|}")'),
  item('fashion_mnist', 'fashion_mnist(dir: "…", split: …)', 'fashion_mnist(dir: "${1:data/fashion}")'),
  item('idx', 'idx(images: "…", labels: "…")', 'idx(images: "${1:images.idx}")'),
  item('csv', 'csv("file.csv", label: "column")', 'csv("${1:file.csv}")'),
  item('npy', 'npy("file.npy")', 'npy("${1:file.npy}")'),
  item('images', 'images("dir") (a folder of PNGs)', 'images("${1:dir}")'),
];

export const DISTRIBUTION_ITEMS: readonly CatalogueItem[] = [
  item('normal', 'normal(mean, std)', 'normal(${1:0}, ${2:1})'),
  item('uniform', 'uniform(lo, hi)', 'uniform(${1:-1}, ${2:1})'),
  item('categorical', 'categorical(K)', 'categorical(${1:10})'),
];

export const INIT_ITEMS: readonly CatalogueItem[] = [
  item('glorot_uniform', 'glorot_uniform (the default)'),
  item('he_normal', 'he_normal'),
  item('normal', 'normal(mean, std)', 'normal(${1:0}, ${2:0.02})'),
];

export const OPTIMIZER_ITEMS: readonly CatalogueItem[] = [
  item('adam', 'adam(lr:, beta1:, beta2:, epsilon:)', 'adam(lr: ${1:1e-3})'),
  item('adamw', 'adamw(lr:, beta1:, beta2:, epsilon:, weight_decay:)', 'adamw(lr: ${1:1e-3}, weight_decay: ${2:0.01})'),
  item('sgd', 'sgd(lr:, momentum:, weight_decay:)', 'sgd(lr: ${1:1e-2})'),
  item('rmsprop', 'rmsprop(lr:, rho:, momentum:, epsilon:)', 'rmsprop(lr: ${1:1e-3})'),
];
