// The error README.md and docs/language.md show a newcomer first must be what
// `aeganc check` prints for that spec, character for character.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../goldenFiles.js';
import { runCli } from '../cli/runCli.js';

describe('the E0301 shown in the docs', () => {
  it('is what check prints for test/docs/fixtures/seed_ae.aegan', async () => {
    const run = await runCli(['check', 'seed_ae.aegan'], join(ROOT, 'test/docs/fixtures'));
    expect(run.status).toBe(1);
    const printed = run.stderr.slice(0, run.stderr.indexOf('\n\n') + 1);
    expect(printed).toMatch(/^error\[E0301\]/);
    for (const doc of ['README.md', 'docs/language.md']) {
      expect(readFileSync(join(ROOT, doc), 'utf8'), doc).toContain(`\`\`\`\n${printed}\`\`\``);
    }
  });
});
