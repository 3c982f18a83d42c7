// The run directory's file helpers: the one atomic writer (async and sync),
// output-path checks, unique run directories, and the metrics log.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createUniqueDirectory, MetricsLog } from '../../src/host/runDirectory.js';
import { acquireRunLock, LOCK_FILE, removeStaleTemporaries, type RunLock } from '../../src/host/runLock.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { runNode } from '../runNode.js';
import { directoryOutputProblem, fileOutputProblem, writeFailure, writeFileAtomic, writeFileAtomicSync } from '../../src/host/atomicWrite.js';
import { describeIoError } from '../../src/host/ioErrors.js';
import { makeDirectory } from '../../src/host/makeDirectory.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-files-'));
  dirs.push(dir);
  return dir;
}

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'sub', 'a.txt');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two'));
    writeFileAtomicSync(path.join(dir, 'sub', 'b.txt'), 'three');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.join(dir, 'sub')).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('writes through a symlink, even a dangling one, and keeps the mode of the file it replaces', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'target'), 'old');
    chmodSync(path.join(dir, 'target'), 0o600);
    symlinkSync('target', path.join(dir, 'link'));
    await writeFileAtomic(path.join(dir, 'link'), 'new');
    expect(lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'target'), 'utf8')).toBe('new');
    expect(statSync(path.join(dir, 'target')).mode & 0o777).toBe(0o600);
    symlinkSync('later', path.join(dir, 'dangling'));
    writeFileAtomicSync(path.join(dir, 'dangling'), 'made');
    expect(readFileSync(path.join(dir, 'later'), 'utf8')).toBe('made');
    expect(lstatSync(path.join(dir, 'dangling')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'later', 'link', 'target']);
  });

  it('removes its temporary file when the write fails, and names the target in the error', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'taken');
    mkdirSync(target); // rename onto a directory fails
    const error = await writeFileAtomic(target, 'x').catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toMatch(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(() => writeFileAtomicSync(target, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(writeFailure(error, target).message).toBe(`cannot write ${target}: ${describeIoError(error)}`);
  });

  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.warn('skipping the permission-denied write test: running as root, every folder is writable');
  it.skipIf(asRoot)('reports a folder it may not write into as E0508, leaving nothing behind', async () => {
    const dir = await tempDir();
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const error = await writeFileAtomic(path.join(locked, 'f'), 'x').catch((e: unknown) => e);
      const diagnostic = writeFailure(error, 'unused');
      expect(diagnostic.code).toBe('E0508');
      expect(diagnostic.message).toBe(`cannot write ${path.join(locked, 'f')}: permission denied`);
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('writeFailure rethrows what is not an I/O error (a bug stays a bug)', () => {
    expect(() => writeFailure(new TypeError('boom'), 'f')).toThrow('boom');
  });
});

describe('output path checks', () => {
  it('name a directory given as a file, and a file on the path of either', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'file'), '');
    expect(await fileOutputProblem(path.join(dir, 'new.png'))).toBeUndefined();
    expect(await fileOutputProblem(path.join(dir, 'file'))).toBeUndefined();
    expect(await fileOutputProblem(path.join(dir, 'missing', 'deeper', 'x.png'))).toBeUndefined();
    expect(await fileOutputProblem(dir)).toBe('it is a directory; give a file name');
    expect(await fileOutputProblem(path.join(dir, 'file', 'x', 'y.png'))).toBe(`${path.join(dir, 'file')} is a file, not a directory`);
    expect(await directoryOutputProblem(dir)).toBeUndefined();
    expect(await directoryOutputProblem(path.join(dir, 'new', 'run'))).toBeUndefined();
    expect(await directoryOutputProblem(path.join(dir, 'file'))).toBe('it is a file, not a directory');
    expect(await directoryOutputProblem(path.join(dir, 'file', 'run'))).toBe(`${path.join(dir, 'file')} is a file, not a directory`);
  });
});

describe('createUniqueDirectory', () => {
  it('gives runs that start together directories of their own: base, base-2, base-3', async () => {
    const dir = await tempDir();
    const base = path.join(dir, 'runs', 'm-2030-01-01-00-00-00');
    const made = await Promise.all([createUniqueDirectory(base), createUniqueDirectory(base), createUniqueDirectory(base)]);
    expect(made.sort()).toEqual([base, `${base}-2`, `${base}-3`]);
    expect(await createUniqueDirectory(base)).toBe(`${base}-4`);
  });
});

describe('MetricsLog', () => {
  it('keeps its lines when an append fails, and writes them on the next flush', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'later', 'metrics.jsonl');
    const log = new MetricsLog(file, 1000);
    await log.add({ step: 1 });
    await log.add({ step: 2 });
    await expect(log.flush()).rejects.toMatchObject({ code: 'ENOENT' });
    mkdirSync(path.dirname(file));
    await log.add({ step: 3 });
    await log.flush();
    expect(readFileSync(file, 'utf8')).toBe('{"step":1}\n{"step":2}\n{"step":3}\n');
    await log.flush();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
  });

  it('reset starts the file empty; truncateAfter keeps the lines up to a checkpoint', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    writeFileSync(file, '{"step":1}\n{"step":2}\nnot json\n{"step":3}\n');
    await new MetricsLog(file).truncateAfter(2);
    expect(readFileSync(file, 'utf8')).toBe('{"step":1}\n{"step":2}\n');
    await new MetricsLog(file).reset();
    expect(readFileSync(file, 'utf8')).toBe('');
    await new MetricsLog(path.join(dir, 'none.jsonl')).truncateAfter(5);
    expect(existsSync(path.join(dir, 'none.jsonl'))).toBe(false);
  });
});

describe('the run lock', () => {
  /** The pid of a process that has exited (reaped: it no longer runs). */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', '']);
    return child.pid!;
  }

  it('lets one writer in; the second gets E0509 naming the holder; release lets the next one in', async () => {
    const dir = await tempDir();
    const first = await acquireRunLock(dir);
    expect('release' in first).toBe(true);
    const second = await acquireRunLock(dir);
    expect('code' in second && second.code).toBe('E0509');
    const message = (second as Diagnostic).message;
    expect(message).toMatch(new RegExp(`^run directory ${dir} is in use by process ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT`));
    expect((second as Diagnostic).hint).toMatch(/wait for that run to finish/);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    (first as RunLock).release();
    (first as RunLock).release();
    expect(readdirSync(dir)).toEqual([]);
    const third = await acquireRunLock(dir);
    expect('release' in third).toBe(true);
    (third as RunLock).release();
  });

  it('takes over a stale lock (its pid is gone) but not one from another host', async () => {
    const dir = await tempDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: hostname(), started: '2030-01-01T00:00:00.000Z', token: 'old' }));
    const taken = await acquireRunLock(dir);
    expect('release' in taken).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    (taken as RunLock).release();

    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: 'elsewhere', started: '2030-01-01T00:00:00.000Z', token: 'other' }));
    const refused = (await acquireRunLock(dir)) as Diagnostic;
    expect(refused.code).toBe('E0509');
    expect(refused.message).toMatch(/in use by process \d+ on elsewhere, since 2030-01-01T00:00:00\.000Z$/);
    expect(refused.hint).toBe(`wait for that run to finish; if it is certainly not running any more, remove ${file}`);
    writeFileSync(file, 'garbage');
    expect(((await acquireRunLock(dir)) as Diagnostic).message).toMatch(/in use by another process \(its lock file cannot be read\)$/);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it('is removed when the holder exits through process.exit, and left stale (then taken over) by a SIGKILL', async () => {
    const dir = await tempDir();
    const child = path.join(import.meta.dirname, 'lockChild.ts');
    expect(await runNode(['--import', 'tsx', child, dir, 'exit'])).toBe('held\n');
    expect(readdirSync(dir)).toEqual([]);

    const waiting = spawn(process.execPath, ['--import', 'tsx', child, dir, 'wait'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => waiting.stdout.once('data', () => resolve()));
    expect(((await acquireRunLock(dir)) as Diagnostic).message).toContain(`in use by process ${waiting.pid} on`);
    const exited = new Promise((resolve) => waiting.once('exit', resolve));
    waiting.kill('SIGKILL');
    await exited;
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    const taken = await acquireRunLock(dir);
    expect('release' in taken).toBe(true);
    (taken as RunLock).release();
  }, 30_000);
});

describe('removeStaleTemporaries', () => {
  it('removes the temporaries of writers that are gone, keeps a live writer\'s and every other file', async () => {
    const dir = await tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(path.join(dir, 'samples', '2'), { recursive: true });
    const stale = [`checkpoint.ckpt.tmp-${dead}-0a1b2c3d`, `samples/2/step-000010.png.tmp-${dead}-deadbeef`, `${LOCK_FILE}.tmp-${dead}-00000000`];
    const kept = [`metrics.jsonl.tmp-${process.pid}-12345678`, 'checkpoint.ckpt', `notes.tmp-${dead}-xyz`];
    for (const name of [...stale, ...kept]) writeFileSync(path.join(dir, name), 'x');
    const removed = await removeStaleTemporaries(dir);
    expect(removed.map((f) => path.relative(dir, f)).sort()).toEqual([...stale].sort());
    for (const name of kept) expect(existsSync(path.join(dir, name)), name).toBe(true);
    expect(await removeStaleTemporaries(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('makeDirectory', () => {
  it('creates every missing folder, and accepts one that exists', async () => {
    const dir = await tempDir();
    const nested = path.join(dir, 'a', 'b', 'c');
    await makeDirectory(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
    await makeDirectory(nested);
    expect(readdirSync(path.join(dir, 'a'))).toEqual(['b']);
  });

  it('refuses a path through a file with ENOTDIR', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    await expect(makeDirectory(path.join(dir, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Node 20's mkdir(…, { recursive: true }) retries ENOENT there for ever.
  it.skipIf(!existsSync('/proc/self'))('fails, rather than hanging, under /proc', async () => {
    await expect(makeDirectory('/proc/aeganc-test/sub')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
