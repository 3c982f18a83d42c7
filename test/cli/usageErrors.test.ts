// A mistyped command line is exit 2 with the error and a hint saying where the
// right flags are listed: the command's own --help, or the list of commands.
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

describe('usage errors', () => {
  it('an unknown flag points at the command\'s --help', async () => {
    const run = await runCli(['check', '--bogus', 'examples/mnist-ae.aegan']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: unknown option '--bogus'\nhint: `aeganc check --help` lists its arguments and flags\n");
  });

  it('a missing argument, too many, and a flag value aeganc refuses, alike', async () => {
    const missing = await runCli(['train']);
    expect(missing.stderr).toBe("error: missing required argument 'file'\nhint: `aeganc train --help` lists its arguments and flags\n");
    const extra = await runCli(['sample', 'a', 'b']);
    expect(extra.stderr).toMatch(/^error: too many arguments for 'sample'.*\nhint: `aeganc sample --help`/);
    const refused = await runCli(['sample', 'run', '--n', '0']);
    expect(refused.stderr).toBe('error: --n must be a positive integer, not 0\nhint: `aeganc sample --help` lists its arguments and flags\n');
    expect([missing.status, extra.status, refused.status]).toEqual([2, 2, 2]);
  });

  it('an unknown command is suggested a near one and pointed at the list', async () => {
    const run = await runCli(['chek', 'x.aegan']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'chek'\n(Did you mean check?)\nhint: `aeganc --help` lists the commands\n");
  });
});
