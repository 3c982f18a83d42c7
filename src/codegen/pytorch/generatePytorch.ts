// `aeganc build --target pytorch`: a checked IR module as one Python program,
// train.py, that depends on torch and numpy only. It is prelude.py (the
// runtime: seeds, layouts, layers, losses, optimizers, data, checkpoints,
// grids, the distributed run) followed by what is specific to the spec: one
// nn.Module per network, one function per step objective and per sample, and
// the tables the run reads. See README.md.

import { imageShape } from '../../ir/imageShape.js';
import type { IrModule } from '../../ir/types.js';
import { emitGraphFunction } from './emitGraphPy.js';
import { emitNetworkClass, weightLayout } from './emitNetworkPy.js';
import { preludeNames, preludeText } from './prelude.js';
import { pyComment, pyCommentLines, pyDocLines, pyLiteral, pyPretty, pyString, pythonScope, pyTextBlock } from './pythonText.js';
import { partlyReachedNetworks } from './unreachedWeights.js';

export interface PytorchOptions {
  /** The spec's text: its lines annotate the layers, and it is copied into every run directory. */
  readonly specText: string;
  /** The spec's path as given, and its absolute directory (data paths are relative to it). */
  readonly specPath: string;
  readonly specDir: string;
  /** `--set` values the program was built with (run.json records them). */
  readonly overrides: Readonly<Record<string, number>>;
}

/** Tables the program defines after the prelude. */
const PROGRAM_NAMES = [
  'MODEL', 'SPEC_TEXT', 'SPEC_PATH', 'SPEC_DIR', 'HERE', 'PARAMS', 'OVERRIDES', 'WEIGHTS', 'STATE', 'DATA',
  'LATENTS', 'STEPS', 'STEP_FUNCTIONS', 'TRAIN', 'SAMPLES', 'NETWORKS', 'DISPLAY_RANGE', 'AUTOENCODER', 'FIND_UNUSED',
];

export function generatePytorchProgram(ir: IrModule, options: PytorchOptions): string {
  const prelude = preludeText();
  const globals = pythonScope([...preludeNames(prelude), ...PROGRAM_NAMES]);
  const lines = options.specText.split(/\r?\n/);

  const classes = ir.networks.map((network) => emitNetworkClass(ir, network, globals.claim(network.name), lines, globals));

  const steps = ir.train.steps.map((step) => {
    const roots = [step.objective, ...step.reports.map((r) => r.node)];
    const verb = `${step.over.join(', ')} with ${step.optimizer.kind}${step.repeat > 1 ? `, repeat ${step.repeat}` : ''}`;
    return emitGraphFunction(
      ir,
      globals.claim(`step_${step.name}`),
      `step ${step.name} (line ${step.source.line}) over ${verb}: the objective, then the reported losses.`,
      roots,
      ([objective, ...reports]) => `${objective}, [${reports.join(', ')}]`,
      lines,
      globals,
    );
  });
  const samples = ir.train.samples.map((sample, i) =>
    emitGraphFunction(ir, globals.claim(`sample_${i + 1}`), `sample ${i + 1}: the values of its grid, in inference mode.`, [sample.node], ([v]) => v!, lines, globals),
  );

  const tables = programTables(ir, new Map(classes.flatMap((c) => [...c.attributes])));

  const spec = [
    ...pyCommentLines('', `────────────── ${ir.name}: the spec's own part ──────────────`),
    '',
    `MODEL = ${pyLiteral(ir.name)}`,
    pyString('', 'SPEC_PATH = ', options.specPath),
    pyString('', 'SPEC_DIR = os.environ.get("AEGANC_SPEC_DIR", ', options.specDir, ')'),
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    `PARAMS = ${pyLiteral(Object.fromEntries(ir.params.map((p) => [p.name, p.value])))}`,
    `OVERRIDES = ${pyLiteral(options.overrides)}`,
    `SPEC_TEXT = ${pyTextBlock(options.specText)}`,
    '',
    '',
    ...classes.flatMap((c) => [c.text, '', '']),
    ...steps.flatMap((s) => [s.text, '', '']),
    ...samples.flatMap((s) => [s.text, '', '']),
    `NETWORKS = {${classes.map((c, i) => `${JSON.stringify(ir.networks[i]!.name)}: ${c.className}`).join(', ')}}`,
    '# Weights in creation order (the order of their initial draws), shapes in the spec\'s layout.',
    `WEIGHTS = ${pyTable(tables.weights)}`,
    `STATE = ${pyTable(ir.state.map((s) => ({ id: s.id, shape: [...s.shape], init: s.init })))}`,
    `DATA = ${pyTable(tables.data)}`,
    `LATENTS = ${pyPretty(tables.latents)}`,
    `STEPS = ${pyTable(tables.steps)}`,
    `STEP_FUNCTIONS = [${steps.map((s) => s.name).join(', ')}]`,
    '# Networks a step trains without reaching all their weights (DDP finds those).',
    `FIND_UNUSED = ${pyLiteral(partlyReachedNetworks(ir))}`,
    `TRAIN = ${pyPretty(tables.train)}`,
    `SAMPLES = [${ir.train.samples.map((s, i) => `\n    {"every": ${s.every}, "count": ${s.count}, "function": ${samples[i]!.name}},`).join('')}${ir.train.samples.length > 0 ? '\n' : ''}]`,
    `DISPLAY_RANGE = ${pyLiteral([...(ir.data[0]?.range ?? [0, 1])])}`,
    '# Reconstruction grids: the autoencoder whose data are images (None: no grids).',
    `AUTOENCODER = ${pyPretty(reconstructionRole(ir), '', 'AUTOENCODER = ')}`,
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ];
  return [...programHeader(ir, options.specPath), prelude.trimEnd(), '', '', ...spec].join('\n');
}

/** The records the prelude's run reads: weights (with each one's attribute in its network class), data, latents, steps, the train block. */
function programTables(ir: IrModule, attributes: ReadonlyMap<string, string>) {
  const latents = Object.fromEntries(
    ir.latents.map((l) => [l.name, { shape: l.type.kind === 'tensor' ? [...l.type.shape] : [], class: l.type.kind === 'class', distribution: l.distribution, slot: l.slot }]),
  );
  const weights = ir.weights.map((w) => ({
    id: w.id,
    network: w.network,
    attr: attributes.get(w.id)!,
    layout: weightLayout(ir, w),
    shape: [...w.shape],
    init: w.init,
    fan_in: w.fanIn,
    fan_out: w.fanOut,
  }));
  const data = ir.data.map((d) => ({
    index: d.index,
    spec: d.spec,
    fields: d.fields.map((f) => ({ name: f.name, role: f.role, shape: f.type.kind === 'tensor' ? [...f.type.shape] : [] })),
    range: [...d.range],
    classes: d.classes ? [...d.classes] : null,
    describe: `${d.fields.map((f) => f.name).join(', ')} (line ${d.source.line})`,
  }));
  const train = {
    batch: ir.train.batch,
    seed: ir.train.seed,
    length: ir.train.length,
    checkpoint_every: ir.train.checkpointEvery ?? 1000,
    ema: ir.train.ema.map((e) => ({ network: e.network, decay: e.decay, weights: ir.networks.find((n) => n.name === e.network)?.weights ?? [] })),
  };
  const steps = ir.train.steps.map((s) => ({
    name: s.name,
    over: [...s.over],
    weights: [...s.weights],
    optimizer: s.optimizer,
    repeat: s.repeat,
    reports: s.reports.map((r) => r.name),
  }));
  return { weights, data, latents, steps, train };
}

/** The program's shebang and docstring: what it is and how to run it. */
function programHeader(ir: IrModule, specPath: string): string[] {
  return [
    '#!/usr/bin/env python3',
    `"""${pyComment(ir.name)}: trains a spec on PyTorch:`,
    ...pyDocLines('  ', specPath),
    '',
    'Written by `aeganc build --target pytorch`; needs torch and numpy only.',
    '  python3 train.py [--steps N] [--batch B] [--init-from RUN] [--out DIR]',
    '  torchrun --nproc_per_node=N train.py ...      (one process per GPU, or gloo on CPU)',
    'Runs are written in aeganc\'s run layout (run.json, metrics.jsonl, samples/,',
    'checkpoint.ckpt), so `aeganc sample RUN` and `aeganc train --resume RUN` read them.',
    '"""',
    '',
  ];
}

/** What reconstruction grids need, as the interpreter decides it (src/numerics/inference.ts). */
function reconstructionRole(ir: IrModule): Record<string, unknown> | null {
  const role = ir.autoencoder;
  if (!role) return null;
  const position = ir.data.findIndex((d) => d.fields.some((f) => f.name === role.data));
  const field = ir.data[position]?.fields.find((f) => f.name === role.data);
  const encoder = ir.networks.find((n) => n.name === role.encoder);
  if (!field || field.type.kind !== 'tensor' || !imageShape(field.type.shape) || encoder?.inputs.length !== 1) return null;
  return {
    source: position,
    field: field.name,
    shape: [...field.type.shape],
    encoder: role.encoder,
    decoder: role.decoder,
    code_output: role.codeOutput,
    range: [...ir.data[position]!.range],
    every: ir.train.samples[0]?.every ?? 500,
  };
}

/** A list of records, one per line where it fits, for a readable table. */
function pyTable(rows: readonly unknown[]): string {
  return pyPretty(rows, '', 'WEIGHTS = ');
}
