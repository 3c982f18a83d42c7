import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { printIr } from '../../src/ir/print.js';
import { ROOT, expectGolden, goldenCases } from '../goldenFiles.js';

describe('golden diagnostics and IR', () => {
  for (const golden of goldenCases()) {
    it(golden.name, () => {
      const text = readFileSync(join(ROOT, golden.input), 'utf8');
      const result = compileSpec(text, golden.input);
      const rendered = renderDiagnostics(result.diagnostics, new Map([[golden.input, text]]));
      expectGolden(join(golden.dir, 'diagnostics.txt'), rendered ? `${rendered}\n` : '(no diagnostics)\n');
      expectGolden(join(golden.dir, 'ir.txt'), result.value ? printIr(result.value) : '(no IR: the spec has errors)\n');
    });
  }
});
