import type { ParamDecl } from '../parser/ast.js';
import type { Reporter } from './context.js';
import { evaluateConstant } from './constants.js';
import { didYouMean } from './suggest.js';

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
        hint: didYouMean(name, byName.keys()) ?? (byName.size ? `the params are ${[...byName.keys()].join(', ')}` : 'this spec declares no params'),
      });
    }
  }
  const resolved = new Map<string, number>();
  const inProgress = new Set<string>();
  const failed = new Set<string>();

  const resolve = (name: string): number | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    if (failed.has(name)) return undefined;
    const decl = byName.get(name)!;
    const override = overrideValues.get(name);
    if (override !== undefined) {
      resolved.set(name, override);
      return override;
    }
    if (inProgress.has(name)) {
      reporter.report('ParamCycle', decl.name.span, { name });
      failed.add(name);
      return undefined;
    }
    inProgress.add(name);
    const scope = new LazyScope(byName, resolve);
    const value = evaluateConstant(decl.value, scope, reporter, `param \`${name}\``);
    inProgress.delete(name);
    if (value === undefined || !Number.isFinite(value)) {
      if (value !== undefined) reporter.report('ParamNotConstant', decl.value.span, { name });
      failed.add(name);
      return undefined;
    }
    resolved.set(name, value);
    return value;
  };
  for (const name of byName.keys()) resolve(name);
  return { values: resolved, failed };
}

/** A map view that resolves params on first lookup, so order of declaration does not matter. */
class LazyScope extends Map<string, number> {
  constructor(
    private readonly decls: ReadonlyMap<string, ParamDecl>,
    private readonly resolveName: (name: string) => number | undefined,
  ) {
    super();
  }
  override get(name: string): number | undefined {
    return this.decls.has(name) ? this.resolveName(name) : undefined;
  }
  override has(name: string): boolean {
    return this.decls.has(name);
  }
  override keys(): MapIterator<string> {
    return this.decls.keys();
  }
}

