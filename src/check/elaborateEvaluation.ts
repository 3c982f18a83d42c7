import type { EvalItem } from '../parser/ast.js';
import type { DataSource, DataSourceSpec, Evaluation } from '../ir/types.js';
import type { Reporter } from './context.js';
import { sourceSpec } from './elaborateSources.js';
import { describeSource, sameSource, testSplitOf } from '../ir/heldOut.js';
import { didYouMean } from './suggest.js';

/**
 * Resolves `eval [x from SOURCE, …] every N` against the sources the IR
 * reads (`data`, in IR order): each named source replaces its declaration's,
 * each other source is held out by its `test` split (docs/reference.md).
 */
export function elaborateEvaluation(
  request: { readonly every: number; readonly item: EvalItem },
  data: readonly DataSource[],
  reporter: Reporter,
): Evaluation | undefined {
  const named = new Map<number, DataSourceSpec>();
  let ok = true;
  const fields = data.flatMap((d) => d.fields.map((f) => f.name));
  for (const heldOut of request.item.heldOut) {
    const name = heldOut.name.name;
    const source = data.find((d) => d.fields.some((f) => f.name === name));
    if (!source) {
      reporter.report('EvalNotData', heldOut.name.span, { name }, {
        hint: () => didYouMean(name, fields) ?? `name a field of a data declaration a loss reads${fields.length > 0 ? ` (${fields.map((f) => `\`${f}\``).join(', ')})` : ''}`,
      });
      ok = false;
      continue;
    }
    if (named.has(source.index)) {
      reporter.report('DuplicateSetting', heldOut.span, { name: `the held-out source of \`${name}\`` }, { hint: 'name each data declaration once in `eval`' });
      ok = false;
      continue;
    }
    const spec = sourceSpec(heldOut.source, source.fields.some((f) => f.role === 'label'), reporter);
    if (!spec) {
      ok = false;
      continue;
    }
    if (sameSource(spec, source.spec)) {
      reporter.report('EvalOnTrainingData', heldOut.source.span, { name, source: describeSource(spec) }, {
        hint: testSplitOf(source.spec) ? `leave \`${name} from …\` out to hold out ${describeSource(testSplitOf(source.spec)!)}` : 'name examples the model does not train on',
      });
    }
    named.set(source.index, spec);
  }
  const heldOut: DataSourceSpec[] = [];
  for (const source of data) {
    const spec = named.get(source.index) ?? testSplitOf(source.spec);
    if (spec) {
      heldOut.push(spec);
      continue;
    }
    const name = source.fields.find((f) => f.role === 'example')?.name ?? source.fields[0]!.name;
    reporter.report('EvalNoHeldOut', request.item.span, { name, source: describeSource(source.spec) }, {
      label: `no held-out data for \`${name}\``,
      hint: `say where it is: \`eval ${name} from ${source.spec.kind === 'csv' ? 'csv("held-out.csv")' : source.spec.kind === 'npy' ? 'npy("held-out.npy")' : source.spec.kind === 'images' ? 'images("held-out")' : source.spec.kind === 'idx' ? 'idx(images: "held-out-images.idx")' : `${source.spec.kind}(…)`} every ${request.every}\``,
    });
    ok = false;
  }
  return ok ? { every: request.every, heldOut } : undefined;
}
