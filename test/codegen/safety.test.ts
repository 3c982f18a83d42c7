// A hostile spec: names that are JavaScript keywords, globals, helper and API
// names, `__proto__`; strings holding comment terminators, backticks, `${}`,
// quotes, newlines and U+2028. The generated module must type-check without
// Node's types (so an injected `process.exit` could not even compile), keep
// each string byte for byte as one literal, and train like the interpreter.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Node, Project, SyntaxKind } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../src/codegen/generateModule.js';
import { NameScope, commentText, stringLiteral } from '../../src/codegen/identifiers.js';
import { Trainer } from '../../src/numerics/trainer.js';
import { selectBackend } from '../../src/host/backend.js';
import { ROOT } from '../goldenFiles.js';
import { TMP, compileFile, importGenerated, syntheticTable } from './harness.js';
import { tscErrors } from '../runNode.js';

const SPEC = 'test/codegen/fixtures/hostile.aegan';
const PATH = 'x */ `${process.exit(1)}` " \' \n \u2028 */.csv';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('identifiers and literals', () => {
  it('claims safe, distinct names', () => {
    const scope = new NameScope(['applyDense']);
    expect(['delete', 'applyDense', '__proto__', 'constructor', 'tf', 'x', 'x', '9lives', 'a-b'].map((n) => scope.claim(n))).toEqual([
      'delete_2', 'applyDense_2', '__proto___2', 'constructor_2', 'tf_2', 'x', 'x_2', '_9lives', 'a_b',
    ]);
  });

  it('keeps property names unless they are the prototype setter', () => {
    const scope = NameScope.properties(['seed']);
    expect(['delete', 'tf', '__proto__', 'constructor', 'toString', 'seed'].map((n) => scope.claim(n))).toEqual(['delete', 'tf', '__proto___2', 'constructor_2', 'toString_2', 'seed_2']);
  });

  it('writes strings as JSON literals and comments without terminators or line breaks', () => {
    expect(stringLiteral('a\u2028`${b}`"\n')).toBe('"a\\u2028`${b}`\\"\\n"');
    expect(commentText('a */ b\nc\u2028d')).toBe('a *\\/ b c d');
  });
});

describe('a hostile spec', () => {
  const ir = compileFile(SPEC);

  it('generates a module whose strings are single literals and whose bindings are mangled', async () => {
    const text = await generateModule(ir);
    const source = new Project({ useInMemoryFileSystem: true }).createSourceFile('/hostile.ts', text);
    const strings = source.getDescendantsOfKind(SyntaxKind.StringLiteral).map((s) => s.getLiteralValue());
    // The csv path and label column reach no part of the module: its DATA carries the fields only, the
    // caller gives the data (the escaping of strings that do reach it is the unit test above).
    expect(strings).not.toContain(PATH);
    expect(text).not.toContain('process');
    expect(text).not.toContain('lab"el');
    // No template literal carries spec text: the only templates are the module's own messages.
    for (const template of source.getDescendantsOfKind(SyntaxKind.TemplateExpression)) expect(template.getText()).not.toMatch(/process|exit/);
    expect(text).not.toMatch(/process\.exit\(1\)`/);
    const functions = source.getFunctions().map((f) => f.getName());
    expect(functions).toEqual(expect.arrayContaining(['applyDense', 'applyDense_2', 'MODULE_2', 'createModel', 'createModel_2']));
    for (const declaration of source.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      expect(['delete', 'function', 'new', 'this', 'eval', 'arguments', '__proto__', 'undefined']).not.toContain(declaration.getName());
    }
    // Every comment still closes where it should: the module's statements are what the generator wrote
    // (declarations only: a spec without a penalty registers no second-order gradients at load).
    expect(source.getStatements().filter((s) => Node.isExpressionStatement(s)).map((s) => s.getText())).toEqual([]);

    const file = join(TMP, 'hostile-tsc.ts');
    writeFileSync(file, text);
    const config = join(TMP, 'tsconfig.hostile.json');
    writeFileSync(config, JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], skipLibCheck: true }, files: [relative(TMP, file)] }));
    expect(await tscErrors(config)).toBe('');
  }, 60_000);

  it('trains exactly like the interpreter, and samples', async () => {
    const tables = ir.data.map((source) => syntheticTable(source, 12));
    const generated = await importGenerated(ir, 'hostile');
    const trainer = new Trainer(ir, tables);
    const model = generated.createModel();
    const expected: Record<string, number>[] = [];
    for (let i = 0; i < 3; i++) expected.push(Object.fromEntries((await trainer.runIteration()).losses));
    const actual: Record<string, number>[] = [];
    await model.train({ data: { tf: tables[0]!.fields.get('tf')!, Math: tables[0]!.fields.get('Math')! }, onStep: (_, l) => void actual.push({ ...l }) });
    expect(actual.map((l) => [l.prototype, l.undefined])).toEqual(expected.map((l) => [l.prototype, l.undefined]));
    expect(model.iteration).toBe(3);
    expect(() => model.sample!(2)).toThrow(/reads data/);
    trainer.dispose();
    model.dispose();
    expect(readFileSync(join(ROOT, SPEC), 'utf8')).toContain('process.exit');
  }, 60_000);
});
