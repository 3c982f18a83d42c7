// `check --data` must stay quick: the code it runs (src/cli/checkData.ts and
// what it imports) never imports TensorFlow.js. Followed statically, through
// value imports only (`import type` is erased).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';

/** Every file reached from `entry` by value imports, and every package named on the way. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const target = match[1];
      if (target.startsWith('.')) visit(path.resolve(path.dirname(file), target.replace(/\.js$/, '.ts')));
      else packages.add(target);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('check --data', () => {
  it('reaches no tfjs module', () => {
    const { files, packages } = importGraph(path.join(ROOT, 'src/cli/checkData.ts'));
    expect(files.size).toBeGreaterThan(5);
    expect([...packages].filter((p) => p.includes('tensorflow'))).toEqual([]);
    expect([...files].map((f) => path.relative(ROOT, f)).filter((f) => f === 'src/numerics/tf.ts')).toEqual([]);
  });
});
