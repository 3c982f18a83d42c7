// A held-out file that cannot be read is the train block's `eval` item's
// problem: the diagnostic names that item, not the data declaration it holds out.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSpec } from '../../../src/compile.js';
import { loadHeldOut } from '../../../src/host/data/loadHeldOut.js';

const SPEC = `data x: [4] from csv("x.csv")
network f(v: [4]) -> [4] {
  dense(4)
}
loss l = mse(x, f(x))
train {
  step s: minimize l over f with adam()
  steps 2
  batch 2
  eval x from csv("held.csv") every 1
}
`;

describe('loadHeldOut', () => {
  it("attributes a missing held-out file to the train block's eval", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aeganc-heldout-'));
    writeFileSync(path.join(dir, 'x.csv'), '0,0,0,0\n1,1,1,1\n');
    const { value: ir, diagnostics } = compileSpec(SPEC, path.join(dir, 'spec.aegan'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const loaded = await loadHeldOut(ir!, ir!.train.evaluation!.heldOut, dir);
    expect(loaded.tables).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.code, d.field])).toEqual([['E0503', "the train block's `eval`, held out for data x (line 1)"]]);
  });
});
