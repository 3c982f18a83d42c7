// Golden generated code: test/golden/<case>/out.ts for every case that
// compiles (`npm run test:accept` rewrites them; review the diff), and one
// `tsc --strict --noEmit` over all of them, without Node's types, so a module
// for the tfjs target cannot lean on Node.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project, SyntaxKind } from 'ts-morph';
import { compileSpec } from '../../src/compile.js';
import { generateModule } from '../../src/codegen/generateModule.js';
import { ROOT, expectGolden, goldenCases } from '../goldenFiles.js';
import { TMP } from './harness.js';
import { tscErrors } from '../runNode.js';

const compiled = goldenCases().flatMap((golden) => {
  const text = readFileSync(join(ROOT, golden.input), 'utf8');
  const result = compileSpec(text, golden.input);
  return result.value && !result.diagnostics.some((d) => d.severity === 'error') ? [{ golden, ir: result.value }] : [];
});

describe('golden generated code', () => {
  it('covers every example', () => {
    const names = compiled.map((c) => c.golden.name);
    expect(names.filter((n) => n.startsWith('example-')).length).toBeGreaterThanOrEqual(8);
  });

  for (const { golden, ir } of compiled) {
    it(golden.name, async () => {
      const text = await generateModule(ir);
      const source = new Project({ useInMemoryFileSystem: true }).createSourceFile('/out.ts', text);
      expect(source.getDescendantsOfKind(SyntaxKind.AnyKeyword).map((n) => n.getParent()?.getText())).toEqual([]);
      // `tf` itself, and the kernel fixes' registry names (tfjs re-exports tfjs-core): nothing else.
      expect([...new Set(source.getImportDeclarations().map((d) => d.getModuleSpecifierValue()))]).toEqual(['@tensorflow/tfjs']);
      expectGolden(join(golden.dir, 'out.ts'), text);
    });
  }

  it('all of them pass tsc --strict --noEmit (one invocation)', async () => {
    const files = compiled.map((c) => join(c.golden.dir, 'out.ts')).filter((f) => existsSync(f));
    mkdirSync(TMP, { recursive: true });
    const config = join(TMP, 'tsconfig.golden.json');
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], skipLibCheck: true, noUnusedLocals: true },
        files: files.map((f) => relative(TMP, f)),
      }),
    );
    expect(await tscErrors(config)).toBe('');
  }, 120_000);
});
