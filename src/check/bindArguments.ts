import type { Argument, Expr, Span } from '../parser/ast.js';
import type { Reporter } from './context.js';
import { didYouMean } from './suggest.js';

/** The parameters a layer, function, source or optimizer accepts. */
export interface Signature {
  readonly name: string;
  /** In positional order. A parameter with `optional` may be omitted. */
  readonly params: readonly { readonly name: string; readonly optional?: boolean }[];
  /** Extra positional arguments are collected under `rest` (concat, add, penalties). */
  readonly rest?: { readonly name: string; readonly min: number };
}

export interface BoundArguments {
  readonly values: ReadonlyMap<string, Expr>;
  readonly rest: readonly Expr[];
  /** False when a required argument is missing (already reported). */
  readonly complete: boolean;
}

function describeCount(signature: Signature): string {
  const required = signature.params.filter((p) => !p.optional).length;
  const total = signature.params.length;
  if (signature.rest) return `at least ${required + signature.rest.min} argument(s)`;
  if (required === total) return `${total} argument${total === 1 ? '' : 's'}`;
  return `${required} to ${total} arguments`;
}

/**
 * Matches a call's arguments to a signature, Python style: positional first,
 * then keywords. Reports unknown keywords (with did-you-mean), duplicates,
 * too many or missing arguments. Returns what could be bound either way.
 */
export function bindArguments(
  args: readonly Argument[],
  signature: Signature,
  reporter: Reporter,
  /** The whole call, for problems that are about no single argument. */
  callSpan: Span | undefined,
): BoundArguments {
  const values = new Map<string, Expr>();
  const rest: Expr[] = [];
  let position = 0;
  let sawKeyword = false;
  for (const arg of args) {
    if (arg.name) {
      sawKeyword = true;
      const name = arg.name.name;
      if (!signature.params.some((p) => p.name === name)) {
        const hint = didYouMean(name, signature.params.map((p) => p.name));
        const known = signature.params.map((p) => `\`${p.name}\``).join(', ');
        reporter.report('UnknownKeywordArgument', arg.name.span, { callee: signature.name, name }, {
          hint: hint ?? (known ? `\`${signature.name}\` takes ${known}` : `\`${signature.name}\` takes no keyword arguments`),
        });
      } else if (values.has(name)) {
        reporter.report('DuplicateArgument', arg.name.span, { name });
      } else {
        values.set(name, arg.value);
      }
      continue;
    }
    if (sawKeyword) {
      reporter.report('UnexpectedToken', arg.span, { found: 'a positional argument', expected: 'keyword arguments after the first keyword argument' }, {
        hint: 'write positional arguments first, as in Python',
      });
      continue;
    }
    const param = signature.params[position];
    if (param) {
      values.set(param.name, arg.value);
      position++;
    } else if (signature.rest) {
      rest.push(arg.value);
    } else {
      const given = args.filter((a) => !a.name).length;
      reporter.report('WrongArity', arg.span, { callee: signature.name, expected: describeCount(signature), actual: given }, {
        hint: signature.params.length ? `its arguments are ${signature.params.map((p) => p.name).join(', ')}` : undefined,
      });
      break;
    }
  }
  const missing = signature.params.filter((p) => !p.optional && !values.has(p.name));
  for (const param of missing) {
    reporter.report('MissingArgument', callSpan, { callee: signature.name, name: param.name }, {
      hint: `write \`${signature.name}(${signature.params.map((p) => (p.optional ? `${p.name}: …` : '…')).join(', ')})\``,
    });
  }
  if (signature.rest && rest.length < signature.rest.min) {
    reporter.report('WrongArity', callSpan, {
      callee: signature.name,
      expected: describeCount(signature),
      actual: args.length,
    });
  }
  return { values, rest, complete: missing.length === 0 };
}
