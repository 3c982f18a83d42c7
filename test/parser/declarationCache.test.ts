// Parsing with a declaration cache (what the language server does on every
// edit) gives exactly what parsing from scratch gives, however the text moved.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeclarationCache, parse } from '../../src/parser/parse.js';
import { ROOT } from '../goldenFiles.js';
import { mutatedText } from './mutations.js';

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.aegan'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

describe('the declaration cache', () => {
  it('parses a sequence of edits exactly as a fresh parse does', () => {
    const cache = new DeclarationCache();
    fc.assert(
      fc.property(mutatedText(examples), (text) => {
        expect(parse(text, 'edited.aegan', { cache })).toEqual(parse(text, 'edited.aegan'));
        // The same declarations one line and a few offsets further down: every one is reused and moved.
        const moved = `// moved\n${text}`;
        expect(parse(moved, 'edited.aegan', { cache })).toEqual(parse(moved, 'edited.aegan'));
      }),
      { numRuns: Number(process.env.AEGANC_FUZZ_RUNS ?? 400), seed: 20261201 },
    );
  });

  it('moves a reused declaration to its new line and offset', () => {
    const cache = new DeclarationCache();
    const text = 'param a = 1\nparam b = a\n';
    parse(text, 'f.aegan', { cache });
    // Same length before `param b`, but one more line: its line moves, its offset does not.
    const edited = 'param a=1\n\n\nparam b = a\n';
    const reparsed = parse(edited, 'f.aegan', { cache });
    expect(reparsed).toEqual(parse(edited, 'f.aegan'));
    expect(reparsed.value!.declarations[1]!.span.start).toEqual({ offset: 12, line: 4, column: 1 });
    const shifted = parse(`// a comment\n${text}`, 'f.aegan', { cache });
    expect(shifted.value!.declarations[1]!.span.start).toEqual({ offset: 25, line: 3, column: 1 });
  });
});
