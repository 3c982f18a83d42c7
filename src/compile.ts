// The front end in one call: text → AST → checked IR. Both the CLI and the
// back ends' tests come through here.

import type { SourceFile } from './parser/ast.js';
import type { IrModule } from './ir/types.js';
import type { Diagnostic, Result } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { limitErrors } from './diagnostics/limitErrors.js';
import { parse } from './parser/parse.js';
import { checkModule, type CheckOptions } from './check/checkModule.js';
import { verifyIr } from './ir/verify.js';

export interface CompileResult extends Result<IrModule> {
  readonly ast?: SourceFile;
}

export function compileSpec(text: string, file: string, options: CheckOptions = {}): CompileResult {
  const parsed = parse(text, file);
  if (!parsed.value || hasErrors(parsed.diagnostics)) {
    return { diagnostics: parsed.diagnostics, ...(parsed.value ? { ast: parsed.value } : {}) };
  }
  const checked = checkModule(parsed.value, options);
  const diagnostics: Diagnostic[] = limitErrors([...parsed.diagnostics, ...checked.diagnostics]);
  if (!checked.value) return { ast: parsed.value, diagnostics };
  // The verifier guards the contract the back ends rely on: a failure is our bug.
  const problems = verifyIr(checked.value);
  if (problems.length > 0) throw new Error(`IR verification failed:\n${problems.join('\n')}`);
  return { ast: parsed.value, value: checked.value, diagnostics };
}
