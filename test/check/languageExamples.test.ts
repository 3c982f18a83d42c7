import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { ROOT } from '../goldenFiles.js';

// LANGUAGE.md's examples, written out by the shared tool exactly as the page has them.
const tool = resolve(ROOT, '../shared/tools/language-examples.mjs');
const available = existsSync(tool);
const outDir = mkdtempSync(join(tmpdir(), 'aegan-examples-'));
if (available) execFileSync(process.execPath, [tool, outDir], { stdio: 'ignore' });
const files = available ? readdirSync(outDir).filter((f) => f.endsWith('.aegan')) : [];
if (!available) console.warn(`skipping LANGUAGE.md examples: ${tool} not found`);

describe.skipIf(!available)('every LANGUAGE.md example checks clean as written', () => {
  it('finds the three examples', () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const file of files) {
    it(file, () => {
      const result = compileSpec(readFileSync(join(outDir, file), 'utf8'), file);
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(result.value).toBeDefined();
    });
  }
});

describe('examples/ check clean', () => {
  for (const file of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.aegan'))) {
    it(file, () => {
      const result = compileSpec(readFileSync(join(ROOT, 'examples', file), 'utf8'), file);
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    });
  }
});
