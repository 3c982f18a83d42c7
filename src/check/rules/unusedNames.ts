import type { Identifier } from '../../parser/ast.js';
import type { Reporter } from '../context.js';
import type { Declarations } from '../collectDeclarations.js';

/** W0601: a declared name that nothing uses is usually a typo or a leftover. */
export function checkUnusedNames(decls: Declarations, used: ReadonlySet<string>, reporter: Reporter): void {
  const warn = (what: string, id: Identifier, hint: string) => {
    if (!used.has(id.name)) reporter.report('UnusedName', id.span, { what, name: id.name }, { hint });
  };
  for (const d of decls.params) warn('param', d.name, 'use it in a shape, a layer argument or an expression, or remove it');
  for (const d of decls.data) for (const f of d.fields) warn('data', f.name, 'use it in a loss, or remove it');
  for (const d of decls.latents) warn('latent', d.name, 'feed it to a network, or remove it');
  for (const d of decls.networks) warn('network', d.name, 'apply it in a `let` or `loss`, or remove it');
  for (const d of decls.lets) for (const n of d.names) warn('let', n, 'use it in a loss, or remove it');
  for (const d of decls.losses) warn('loss', d.name, 'minimize it in a `step`, or remove it');
}
