// The VS Code extension builds and packages offline (what CI runs through
// `npm test`), and the .vsix holds the grammar, the language configuration
// and the bundled language client.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runNode } from '../runNode.js';

const here = join(ROOT, 'editors/vscode');

/** The files of a zip archive by name (a .vsix is one), read through its central directory. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const stored = archive.subarray(data, data + size);
    files.set(name, method === 8 ? inflateRawSync(stored) : stored);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

let files: Map<string, Buffer>;
beforeAll(async () => {
  await runNode([join(here, 'build.mjs')]);
  const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as { version: string };
  files = unzip(readFileSync(join(here, `dist/aegan-${version}.vsix`)));
}, 300_000);

describe('the VS Code extension', () => {
  it('packages the grammar, the language configuration and the bundled client, nothing else', () => {
    expect([...files.keys()].filter((f) => f.startsWith('extension/')).sort()).toEqual([
      'extension/dist/extension.js', 'extension/language-configuration.json', 'extension/package.json', 'extension/readme.md',
      'extension/syntaxes/aegan.tmLanguage.json',
    ]);
    expect(files.get('extension/syntaxes/aegan.tmLanguage.json')!.toString()).toBe(readFileSync(join(ROOT, 'grammar/aegan.tmLanguage.json'), 'utf8'));
  });

  it('declares the language for .aegan files with comments and brackets', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString()) as {
      main: string; contributes: { languages: { id: string; extensions: string[] }[]; grammars: { scopeName: string }[] };
    };
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'aegan', extensions: ['.aegan'] });
    const grammar = JSON.parse(files.get('extension/syntaxes/aegan.tmLanguage.json')!.toString()) as { scopeName: string };
    expect(manifest.contributes.grammars[0]!.scopeName).toBe(grammar.scopeName);
    const configuration = JSON.parse(files.get('extension/language-configuration.json')!.toString()) as { comments: unknown; brackets: unknown };
    expect(configuration.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(configuration.brackets).toEqual([['{', '}'], ['[', ']'], ['(', ')']]);
  });

  it('bundles the language client, which starts `aeganc lsp`', () => {
    const bundle = files.get('extension/dist/extension.js')!.toString();
    // Only `vscode` itself stays outside the bundle: the .vsix has no node_modules.
    const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!.replace(/^node:/, ''));
    expect([...new Set(required.filter((m) => !builtinModules.includes(m)))]).toEqual(['vscode']);
    expect(bundle).toContain('aeganc');
    expect(bundle).toContain('"lsp"');
  });
});
