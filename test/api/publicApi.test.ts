// src/index.ts is a curated list: a name added or dropped there is a change
// to what users may rely on, so it must show up here too.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { PUBLIC_VALUES } from './publicValues.js';

describe('the public API (src/index.ts)', () => {
  it('exports exactly the curated values', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_VALUES);
  });

  it('compiles, formats, renders and builds through those names alone', async () => {
    const source = 'data x: [4] from csv("x.csv")\n\nnetwork enc(v: [4]) -> [4] {\n  dense(4)\n}\n\nloss l = mse(x, enc(x))\n\ntrain {\n  step s: minimize l over enc with adam()\n  steps 1\n}\n';
    const compiled = api.compileSpec(source, 'tiny.aegan');
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.value?.networks.map((n) => n.name)).toEqual(['enc']);
    expect(api.format(api.parse(source, 'tiny.aegan').value!)).toBe(source);
    expect(api.printIr(compiled.value!)).toContain('enc');
    expect(await api.generateModule(compiled.value!)).toContain('export');

    const broken = api.compileSpec(source.replace('enc(x))', 'enc(y))'), 'tiny.aegan');
    expect(api.hasErrors(broken.diagnostics)).toBe(true);
    expect(api.renderDiagnostic(broken.diagnostics[0]!, source)).toMatch(/^error\[E0201\]: unknown name `y`/);
    expect(api.diagnosticToJson(broken.diagnostics[0]!)).toMatchObject({ code: 'E0201', line: 7, column: 21 });
  });

  it('trains through those names alone: backend, data, runTraining', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aeganc-api-'));
    try {
      await writeFile(join(dir, 'x.csv'), `a,b,c,d\n${Array.from({ length: 8 }, (_, i) => [i, i + 1, i + 2, i + 3].map((v) => v / 12).join(',')).join('\n')}\n`);
      const source = 'data x: [4] from csv("x.csv")\nnetwork enc(v: [4]) -> [4] {\n  dense(4) |> sigmoid\n}\nloss l = mse(x, enc(x))\ntrain {\n  step s: minimize l over enc with adam()\n  batch 4\n  steps 3\n}\n';
      const ir = api.compileSpec(source, join(dir, 'tiny.aegan')).value!;
      expect((await api.selectBackend('cpu')).value?.name).toBe('cpu');
      const data = [];
      for (const table of ir.data) data.push((await api.loadData(table, dir)).value!);
      const lines: string[] = [];
      const run = await api.runTraining({ ir, data, outDir: dir, resume: false, writeGrid: api.writeImageGrid, progress: api.plainProgress((line) => lines.push(line)) });
      expect(run.diagnostics).toEqual([]);
      expect(run.value?.iterations).toBe(3);
      expect([...run.value!.losses.keys()]).toEqual(['l']);
      expect(lines.join('')).toMatch(/step 3\/3/);
      expect((await readFile(join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
