// The package as a user gets it: built by tsc, imported by name through
// package.json's `exports` from another project's node_modules, in a child
// node process, with no path into src/ or dist/.
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runNode, tscErrors } from '../runNode.js';
import { PUBLIC_VALUES } from './publicValues.js';

let temp: string;
/** A project that depends on aeganc: node_modules/aeganc is the built package. */
let consumer: string;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'aeganc-package-'));
  const pkg = join(temp, 'aeganc');
  consumer = join(temp, 'consumer');
  // What `npm run build` makes, without source maps (they only slow the build).
  await runNode([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist'), '--sourceMap', 'false', '--declarationMap', 'false']);
  await cp(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  // The package's own dependencies, as npm would have installed them beside it.
  await symlink(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  await mkdir(join(consumer, 'node_modules', '@types'), { recursive: true });
  await symlink(pkg, join(consumer, 'node_modules', 'aeganc'), 'dir');
  await symlink(join(ROOT, 'node_modules', '@types', 'node'), join(consumer, 'node_modules', '@types', 'node'), 'dir');
  await writeFile(join(consumer, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
}, 180_000);

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('the aeganc package, imported by name', () => {
  it('checks an example spec, and reports a broken one with its codes', async () => {
    await writeFile(
      join(consumer, 'check.mjs'),
      `import { readFileSync } from 'node:fs';
import * as aeganc from 'aeganc';
const { compileSpec, hasErrors } = aeganc;
const report = (file) => {
  const result = compileSpec(readFileSync(file, 'utf8'), file);
  return { name: result.value?.name, networks: result.value?.networks.map((n) => n.name), errors: hasErrors(result.diagnostics), codes: result.diagnostics.map((d) => d.code) };
};
console.log(JSON.stringify({ keys: Object.keys(aeganc).sort(), ae: report(process.argv[2]), broken: report(process.argv[3]) }));
`,
    );
    const out = JSON.parse(await runNode(['check.mjs', join(ROOT, 'examples/mnist-ae.aegan'), join(ROOT, 'examples/errors/seed-autoencoder.aegan')], { cwd: consumer }));
    expect(out.keys).toEqual(PUBLIC_VALUES);
    expect(out.ae).toEqual({ name: 'mnist_ae', networks: ['encoder', 'decoder'], errors: false, codes: [] });
    expect(out.broken.errors).toBe(true);
    expect(out.broken.codes.length).toBeGreaterThan(0);
    expect(out.broken.codes.every((code: string) => /^[EW]\d{4}$/.test(code))).toBe(true);
  });

  it('exposes only what `exports` lists, not its files', async () => {
    await writeFile(join(consumer, 'deep.mjs'), `import('aeganc/dist/compile.js').then(() => console.log('imported'), (e) => console.log(e.code));\n`);
    expect((await runNode(['deep.mjs'], { cwd: consumer })).trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('gives TypeScript users its types', async () => {
    await writeFile(
      join(consumer, 'use.ts'),
      `import { compileSpec, renderDiagnostic, type Diagnostic, type IrModule } from 'aeganc';
const result = compileSpec('model m', 'm.aegan');
const module: IrModule | undefined = result.value;
const first: Diagnostic | undefined = result.diagnostics[0];
export const text: string = first ? renderDiagnostic(first) : String(module?.name);
`,
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'], skipLibCheck: true }, files: ['use.ts'] }),
    );
    expect(await tscErrors(join(consumer, 'tsconfig.json'))).toBe('');
  });
});
