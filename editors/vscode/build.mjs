// Builds the extension and packages it as a .vsix, offline: the grammar is
// copied from the repository's grammar/, the client is bundled with esbuild
// (so the package needs no node_modules and vsce runs with --no-dependencies),
// and vsce packages the folder. Run from anywhere: `node editors/vscode/build.mjs`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const require = createRequire(join(root, 'package.json'));
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

mkdirSync(join(here, 'syntaxes'), { recursive: true });
copyFileSync(join(root, 'grammar/aegan.tmLanguage.json'), join(here, 'syntaxes/aegan.tmLanguage.json'));

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });

const esbuild = require('esbuild');
await esbuild.build({
  entryPoints: [join(here, 'src/extension.ts')],
  outfile: join(here, 'dist/extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: true,
  logLevel: 'warning',
});

const out = join(here, `dist/aegan-${version}.vsix`);
execFileSync(process.execPath, [
  require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out,
], { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] });
console.log(`packaged ${out.slice(root.length + 1)}`);
