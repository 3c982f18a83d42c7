// `aeganc fmt` rewrites a spec as the user keeps it: through a symlink (the
// link stays a link, the file it points to changes) and with its mode.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

const scratch = mkdtempSync(join(tmpdir(), 'aegan-fmt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MESSY = 'data x:[4] from csv("x.csv")\nnetwork f(v:[4])->[4]{\n dense(4)|>sigmoid\n}\nloss l=mse(x,f(x))\ntrain{\n step s: minimize l over f with adam()\n steps 1\n}\n';

describe('aeganc fmt keeps how the file is kept', () => {
  it('writes through a symlink (also a relative one, and a chain), leaving the links links', async () => {
    const dir = join(scratch, 'links');
    mkdirSync(join(dir, 'real'), { recursive: true });
    const real = join(dir, 'real', 'spec.aegan');
    writeFileSync(real, MESSY);
    symlinkSync('real/spec.aegan', join(dir, 'hop.aegan'));
    symlinkSync(join(dir, 'hop.aegan'), join(dir, 'link.aegan'));
    const run = await runCli(['fmt', join(dir, 'link.aegan')]);
    expect(run.status).toBe(0);
    expect(lstatSync(join(dir, 'link.aegan')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'hop.aegan')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'hop.aegan'))).toBe('real/spec.aegan');
    expect(readFileSync(real, 'utf8')).toContain('dense(4) |> sigmoid');
    expect((await runCli(['fmt', '--check', real])).status).toBe(0);
    // The temporary was made beside the target and renamed away.
    expect(readdirSync(join(dir, 'real'))).toEqual(['spec.aegan']);
    expect(readdirSync(dir).sort()).toEqual(['hop.aegan', 'link.aegan', 'real']);
  });

  it('keeps the mode of the file it replaces (0600 stays 0600, 0755 stays 0755)', async () => {
    for (const mode of [0o600, 0o755, 0o640]) {
      const file = join(scratch, `mode-${mode.toString(8)}.aegan`);
      writeFileSync(file, MESSY);
      chmodSync(file, mode);
      const before = statSync(file);
      expect((await runCli(['fmt', file])).status).toBe(0);
      const after = statSync(file);
      expect(after.mode & 0o7777, mode.toString(8)).toBe(mode);
      expect([after.uid, after.gid]).toEqual([before.uid, before.gid]);
      expect(readFileSync(file, 'utf8')).toContain('dense(4) |> sigmoid');
    }
  });
});
