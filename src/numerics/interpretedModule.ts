// The interpreter's side of the shared training loop (trainingState.ts): an IR
// module as the CompiledModule the loop runs, each step's `evaluate` walking
// the IR's expression graph (evaluateNodes). A generated module builds the
// same record from straight-line code instead (src/codegen/generateModule.ts).

import type { IrModule, Step } from '../ir/types.js';
import { evaluateNodes } from './expressions/evaluate.js';
import { drawLatent } from './latents.js';
import { weightAverages } from './ema.js';
import { updateRule } from './optimizers.js';
import type { CompiledModule, CompiledStep } from './compiledModule.js';

export function compileModule(ir: IrModule): CompiledModule {
  return {
    weights: ir.weights,
    state: ir.state,
    steps: ir.train.steps.map((step) => compileStep(ir, step)),
    data: ir.data,
    // A network's weights, in its own order, for each `ema` item in declaration order.
    ema: weightAverages(ir.train.ema.map(({ network, decay }) => ({ ids: ir.networks.find((n) => n.name === network)?.weights ?? [], decay }))),
    drawLatent,
  };
}

function compileStep(ir: IrModule, step: Step): CompiledStep {
  const reportNodes = step.reports.map((r) => r.node);
  const roots = [step.objective, ...reportNodes];
  return {
    name: step.name,
    update: updateRule(step.optimizer),
    weights: step.weights,
    repeat: step.repeat,
    reports: step.reports.map((r) => r.name),
    evaluate: (ctx, batches) => {
      const values = evaluateNodes(ir, roots, ctx, batches);
      return { objective: values.get(step.objective)!, reports: reportNodes.map((id) => values.get(id)!) };
    },
  };
}
