// `aeganc sample`'s layout flags (--class, --interpolate, --traverse) read
// against the run's spec: which latents the sample expression reads decides
// what each flag may do. A flag that cannot apply is a diagnostic naming the
// model, never a silently ordinary grid.

import type { IrModule, Latent } from '../ir/types.js';
import { latentsRead } from '../ir/dependencies.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/makeDiagnostic.js';
import type { SamplePlan } from '../numerics/sampleLatents.js';

export interface SampleLayoutFlags {
  readonly class?: string;
  readonly interpolate?: boolean;
  /** `true` for a bare `--traverse`, else the latent's name. */
  readonly traverse?: string | boolean;
}

/** The plan for `count` cells of the sample of expression `node`, or why the flags do not apply. */
export function samplePlan(module: IrModule, node: number, count: number, flags: SampleLayoutFlags): SamplePlan | Diagnostic {
  const read = latentsRead(module.nodes, [node]);
  const latents = module.latents.filter((l) => read.has(l.name));
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  const problem = (id: Parameters<typeof makeDiagnostic>[0], args: Record<string, string | number>, field: string, hint: string) =>
    makeDiagnostic(id, module.file, undefined, args, { field, hint });

  let classLabel: number | undefined;
  if (flags.class !== undefined) {
    const categorical = latents.filter((l) => l.distribution.kind === 'categorical');
    if (categorical.length === 0) {
      return problem('NoClassLatent', { model: module.name }, '--class', 'give --class to a conditional generator: one whose sample reads a `latent y: class[K] ~ categorical(K)`');
    }
    classLabel = Number(flags.class);
    const fewest = categorical.reduce((a, b) => (classesOf(b) < classesOf(a) ? b : a));
    if (!/^\d+$/.test(flags.class) || classLabel >= classesOf(fewest)) {
      const last = classesOf(fewest) - 1;
      return problem('ClassOutOfRange', { value: flags.class, latent: fewest.name, last }, '--class', `give a whole number from 0 to ${last}`);
    }
  }

  if (flags.traverse !== undefined && flags.traverse !== false) {
    const continuous = latents.filter((l) => l.distribution.kind !== 'categorical');
    const named = typeof flags.traverse === 'string' ? continuous.find((l) => l.name === flags.traverse) : continuous[0];
    if (!named) {
      const names = continuous.map((l) => `\`${l.name}\``).join(', ');
      return typeof flags.traverse === 'string'
        ? problem('UnknownTraverseLatent', { name: flags.traverse }, '--traverse', names ? `it reads ${names}` : 'its sample reads no normal or uniform latent')
        : problem('NoTraversableLatent', { model: module.name }, '--traverse', 'traversal varies one dimension of a normal or uniform latent per row');
    }
    return { layout: { kind: 'traverse', columns, latent: named.name }, ...withClass(classLabel) };
  }
  if (flags.interpolate) return { layout: { kind: 'interpolate', columns }, ...withClass(classLabel) };
  return { layout: { kind: 'draw' }, ...withClass(classLabel) };
}

function classesOf(latent: Latent): number {
  return latent.distribution.kind === 'categorical' ? latent.distribution.classes : 0;
}

function withClass(classLabel: number | undefined): { classLabel?: number } {
  return classLabel === undefined ? {} : { classLabel };
}
