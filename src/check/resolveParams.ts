import type { ParamDecl } from '../parser/ast.js';
import type { Reporter } from './context.js';
import { evaluateConstant } from './constants.js';
import { didYouMean } from './suggest.js';
import { subexpressions } from '../parser/walkExpr.js';

/**
 * Resolves every `param` to a number, in dependency order (params may name
 * later params), applying `--set` overrides, which replace the declared value.
 */
export interface ResolvedParams {
  readonly values: Map<string, number>;
  /** Params whose value could not be computed (already reported). */
  readonly failed: ReadonlySet<string>;
}

export function resolveParams(
  decls: readonly ParamDecl[],
  overrides: Readonly<Record<string, number>>,
  reporter: Reporter,
): ResolvedParams {
  const byName = new Map(decls.map((d) => [d.name.name, d]));
  // A Map, not the object: `__proto__`, `constructor` and the like are plain names here.
  const overrideValues = new Map(Object.entries(overrides));
  for (const name of overrideValues.keys()) {
    if (!byName.has(name)) {
      reporter.report('UnknownParamOverride', undefined, { name }, {
        field: `--set ${name}`,
        hint: () => didYouMean(name, byName.keys()) ?? (byName.size ? `the params are ${[...byName.keys()].join(', ')}` : 'this spec declares no params'),
      });
    }
  }
  const resolved = new Map<string, number>();
  const failed = new Set<string>();
  const scope = new ParamScope(byName, resolved);

  const evaluate = (name: string): void => {
    const decl = byName.get(name)!;
    const value = evaluateConstant(decl.value, scope, reporter, `param \`${name}\``);
    if (value === undefined || !Number.isFinite(value)) {
      if (value !== undefined) reporter.report('ParamNotConstant', decl.value.span, { name });
      failed.add(name);
      return;
    }
    // A param in a cycle stays failed, but its value was still checked for other mistakes.
    if (!failed.has(name)) resolved.set(name, value);
  };
  // Depth first with an explicit stack (a chain of 2,000 params is 2,000 deep):
  // a param is evaluated once every param it names is.
  const state = new Map<string, 'open' | 'done'>();
  for (const root of byName.keys()) {
    if (state.has(root)) continue;
    const stack: { name: string; pending: string[] }[] = [];
    const open = (name: string) => {
      state.set(name, 'open');
      const override = overrideValues.get(name);
      if (override !== undefined) {
        resolved.set(name, override);
        state.set(name, 'done');
        return;
      }
      stack.push({ name, pending: paramsNamedIn(byName.get(name)!, byName).reverse() });
    };
    open(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.pending.pop();
      if (next === undefined) {
        stack.pop();
        evaluate(top.name);
        state.set(top.name, 'done');
      } else if (state.get(next) === 'open') {
        if (!failed.has(next)) reporter.report('ParamCycle', byName.get(next)!.name.span, { name: next });
        failed.add(next);
      } else if (!state.has(next)) {
        open(next);
      }
    }
  }
  return { values: resolved, failed };
}

/** The params `decl`'s value names, in source order. */
function paramsNamedIn(decl: ParamDecl, byName: ReadonlyMap<string, ParamDecl>): string[] {
  const names: string[] = [];
  for (const expr of subexpressions(decl.value)) if (expr.kind === 'Name' && byName.has(expr.name)) names.push(expr.name);
  return names;
}

/**
 * The params as `evaluateConstant` sees them: every declared param is known
 * (so a failed one is not reported twice); only resolved ones have a value.
 */
class ParamScope extends Map<string, number> {
  constructor(
    private readonly decls: ReadonlyMap<string, ParamDecl>,
    private readonly resolvedValues: ReadonlyMap<string, number>,
  ) {
    super();
  }
  override get(name: string): number | undefined {
    return this.resolvedValues.get(name);
  }
  override has(name: string): boolean {
    return this.decls.has(name);
  }
  override keys(): MapIterator<string> {
    return this.decls.keys();
  }
}
