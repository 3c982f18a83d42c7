// An editor starts `aeganc lsp` whenever it opens a spec, so the server must
// not load what only training and code generation need. This follows the
// static imports (not the lazy `await import(…)`s) from the entry point.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;

/** The packages reachable from `entry` through static imports, with a path to each. */
function staticPackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, trail: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = (m[1] ?? m[2])!;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        if (existsSync(target)) visit(target, [...trail, target.slice(ROOT.length + 1)]);
      } else if (!specifier.startsWith('node:')) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!packages.has(name)) packages.set(name, trail);
      }
    }
  };
  visit(join(ROOT, entry), [entry]);
  return packages;
}

describe('aeganc lsp starts light', () => {
  it('loads neither tfjs, ts-morph nor prettier', () => {
    const packages = staticPackages('src/lsp/server.ts');
    const heavy = [...packages.keys()].filter((p) => p.startsWith('@tensorflow/') || p === 'ts-morph' || p === 'prettier');
    expect(heavy.map((p) => `${p} via ${packages.get(p)!.join(' → ')}`)).toEqual([]);
    // chevrotain loads through src/parser/chevrotain.ts's import() of its single-file build.
    expect([...packages.keys()].sort()).toEqual(['vscode-languageserver', 'vscode-languageserver-textdocument']);
  });

  it('is reached from the CLI entry point without loading the other commands', () => {
    expect([...staticPackages('src/cli/run.ts').keys()]).toEqual([]);
    expect(readFileSync(join(ROOT, 'src/cli/run.ts'), 'utf8')).toMatch(/await import\('\.\.\/lsp\/server\.js'\)/);
  });
});

describe('aeganc lsp in the CLI', () => {
  it('is listed among the commands and has its own help', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}lsp \[options\] +run the language server/m);
    const help = await runCli(['lsp', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--stdio');
  });
});
