// `aeganc train`, `sample` and `reconstruct` end to end, in process, on the
// cpu backend: the MNIST adversarial autoencoder for the whole flow, and a
// tiny csv autoencoder (2×2 images) for the failure cases. Every test works
// in a folder of its own, used as the working directory, so the tests run in
// any order and write nothing into the repository.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { main } from '../../src/cli/main.js';
import { sealCheckpoint } from '../../src/host/checkpoint.js';
import type { CliIo } from '../../src/cli/io.js';

const root = path.join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A fresh folder for one test. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aeganc-cli-'));
  dirs.push(dir);
  return dir;
}

async function run(args: string[], cwd: string, onOut: (text: string) => void = () => undefined): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => {
      out += t;
      onOut(t);
    },
    stderr: (t) => (err += t),
    cwd,
    isTTY: false,
  };
  const status = await main(args, io);
  return { status, out, err };
}

/** tiny.aegan and its 16 rows of 2×2 images in `dir`: 3 steps of batch 4 (4 per epoch). */
function writeTinySpec(dir: string, model = 'tiny'): string {
  const rows = Array.from({ length: 16 }, (_, i) => [0, 1, 2, 3].map((j) => ((i * 7 + j * 3) % 10) / 10).join(','));
  writeFileSync(path.join(dir, 'pix.csv'), `p0,p1,p2,p3\n${rows.join('\n')}\n`);
  writeFileSync(
    path.join(dir, `${model}.aegan`),
    `model ${model}
param hidden = 2
data x: [2, 2, 1] from csv("pix.csv")
latent z: [hidden] ~ normal()

network encoder(img: [2, 2, 1]) -> [hidden] {
  flatten
  dense(hidden)
}

network decoder(h: [hidden]) -> [2, 2, 1] {
  dense(4) |> sigmoid
  reshape([2, 2, 1])
}

loss recon = mse(x, decoder(encoder(x)))

train {
  step ae: minimize recon over encoder, decoder with sgd(lr: 0.1)
  batch 4
  steps 3
  seed 1
  sample decoder(z) every 2
}
`,
  );
  return `${model}.aegan`;
}

function metricSteps(runDir: string): number[] {
  return readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l).step as number);
}

function runInfo(runDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as Record<string, unknown>;
}

describe('aeganc train / sample / reconstruct', () => {
  it('trains, then resumes to more steps, then samples and reconstructs', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'run');
    const spec = path.join(root, 'examples/mnist-aae.aegan');
    const first = await run(['train', spec, '--backend', 'cpu', '--steps', '3', '--batch', '16', '--out', out, '--quiet'], dir);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/^training mnist_aae on cpu: 3 steps, batch 16, seed 5/);
    expect(first.out).toMatch(/step 3\/3 +recon \S+ +d_loss \S+ +g_loss \S+/);
    for (const file of ['spec.aegan', 'run.json', 'metrics.jsonl', 'checkpoint.ckpt', 'samples/step-000003.png', 'reconstructions/step-000003.png']) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    expect(runInfo(out)).toMatchObject({ model: 'mnist_aae', backend: 'cpu', train: { steps: 3, batch: 16 } });

    const resumed = await run(['train', spec, '--backend', 'cpu', '--steps', '5', '--resume', out, '--quiet'], dir);
    expect(resumed.status).toBe(0);
    expect(resumed.out).toMatch(/^resuming mnist_aae on cpu: 5 steps, batch 16/);
    expect(metricSteps(out)).toEqual([1, 2, 3, 4, 5]);

    const sampled = await run(['sample', out, '--n', '16', '-o', path.join(dir, 's.png'), '--backend', 'cpu'], dir);
    expect(sampled.err).toBe('');
    expect(sampled.out).toMatch(/wrote 16 samples/);
    const png = PNG.sync.read(readFileSync(path.join(dir, 's.png')));
    expect([png.width, png.height]).toEqual([4 * 28 + 3, 4 * 28 + 3]);

    const noEma = await run(['sample', out, '--ema', '--backend', 'cpu'], dir);
    expect(noEma.status).toBe(1);
    expect(noEma.err).toMatch(/error\[E0520\]: `aeganc sample` cannot use .*: its spec keeps no EMA for --ema/);

    const rec = await run(['reconstruct', out, '--backend', 'cpu'], dir);
    expect(rec.err).toBe('');
    expect(rec.out).toMatch(/wrote 32 reconstructions/);
    expect(existsSync(path.join(out, 'reconstruction.png'))).toBe(true);
  }, 120_000);

  it('refuses conflicting flags and a run directory that already holds a run', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    expect((await run(['train', spec, '--steps', '3', '--epochs', '1'], dir)).status).toBe(2);
    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    const again = await run(['train', spec, '--backend', 'cpu', '--steps', '1', '--out', 'run'], dir);
    expect(again.status).toBe(2);
    expect(again.err).toMatch(/already holds a run; continue it with --resume/);
    expect(readdirSync(dir).sort()).toEqual(['pix.csv', 'run', 'tiny.aegan']);
  });

  it('a missing, non-directory or non-run RUN / --resume is a usage error (exit 2)', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    const missing = await run(['sample', 'nowhere'], dir);
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/error\[E0503\]: cannot read .*nowhere: no such file or directory\n {2}--> .* \(RUN\)/);
    const resumeMissing = await run(['train', spec, '--resume', 'nowhere'], dir);
    expect(resumeMissing.status).toBe(2);
    expect(resumeMissing.err).toMatch(/error\[E0503\]: cannot read .*nowhere: no such file or directory\n {2}--> .* \(--resume\)/);
    writeFileSync(path.join(dir, 'afile'), '');
    const notDir = await run(['reconstruct', 'afile'], dir);
    expect(notDir.status).toBe(2);
    expect(notDir.err).toMatch(/cannot read .*afile: it is a file, not a run directory/);
    // encode writes into RUN by default: the file is named as no run, not as an unwritable output.
    const encoded = await run(['encode', 'afile'], dir);
    expect(encoded.status).toBe(2);
    expect(encoded.err).toMatch(/^error\[E0503\]: cannot read .*afile: it is a file, not a run directory/);
    await mkdir(path.join(dir, 'empty'));
    const notRun = await run(['sample', 'empty'], dir);
    expect(notRun.status).toBe(2);
    expect(notRun.err).toMatch(/cannot read .*empty\/run\.json: no such file or directory, so .*empty is not a run/);
  });

  it('an autoencoder with no sample line is told the latent and line that would sample its decoder', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    writeFileSync(path.join(dir, spec), readFileSync(path.join(dir, spec), 'utf8').replace('  sample decoder(z) every 2\n', ''));
    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    const sampled = await run(['sample', 'run', '--backend', 'cpu'], dir);
    expect(sampled.status).toBe(1);
    expect(sampled.err).toContain('its spec has nothing to sample');
    expect(sampled.err).toContain('hint: declare a latent shaped like the code (`latent z: [2] ~ normal(0, 1)`) and add `sample decoder(z) every N` to its train block');
  });

  it('a run without a checkpoint is named by the flag or argument that gave it', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    await rm(path.join(dir, 'run', 'checkpoint.ckpt'));
    const sampled = await run(['sample', 'run', '--backend', 'cpu'], dir);
    expect(sampled.status).toBe(2);
    expect(sampled.err).toMatch(/error\[E0503\]: cannot read .*checkpoint\.ckpt: no such file or directory\n {2}--> .*checkpoint\.ckpt \(RUN\)\n.*hint: this run wrote no checkpoint/);
    const resumed = await run(['train', spec, '--backend', 'cpu', '--resume', 'run'], dir);
    expect(resumed.status).toBe(2);
    expect(resumed.err).toMatch(/checkpoint\.ckpt \(--resume\)\n.*hint: this run wrote no checkpoint .*train it again without --resume/);
  });

  it('--resume with --epochs replaces the recorded --steps, reuses the --set values and the recorded backend', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    const first = await run(['train', spec, '--backend', 'cpu', '--steps', '2', '--set', 'hidden=3', '--out', 'run', '--quiet'], dir);
    expect(first.status).toBe(0);
    expect(runInfo(path.join(dir, 'run'))).toMatchObject({ overrides: { hidden: 3 }, params: { hidden: 3 }, train: { steps: 2 } });
    // No --backend: the run continues on cpu, the backend it recorded, not on auto's choice.
    const resumed = await run(['train', spec, '--epochs', '2', '--resume', 'run', '--quiet'], dir);
    expect(resumed.err).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.out).toMatch(/^resuming tiny on cpu: 2 epochs, batch 4/);
    expect(metricSteps(path.join(dir, 'run'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const info = runInfo(path.join(dir, 'run'));
    expect(info.train).toEqual({ epochs: 2 });
    expect(info.overrides).toEqual({ hidden: 3 });
    expect(info.resumed).toHaveLength(1);
  });

  it('--resume refuses a run of another model and leaves run.json as it was', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    const other = writeTinySpec(dir, 'other');
    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    const mismatch = await run(['train', other, '--backend', 'cpu', '--resume', 'run'], dir);
    expect(mismatch.status).toBe(2);
    expect(mismatch.err).toMatch(/error\[E0520\]: `aeganc train --resume` cannot use run: it is a run of model `tiny`, but other\.aegan is model `other`/);

    // run.json says `other` too (edited): the checkpoint's own header still says `tiny`.
    const infoFile = path.join(dir, 'run', 'run.json');
    writeFileSync(infoFile, readFileSync(infoFile, 'utf8').replace('"model": "tiny"', '"model": "other"'));
    const before = readFileSync(infoFile, 'utf8');
    const checkpoint = await run(['train', other, '--backend', 'cpu', '--resume', 'run', '--quiet'], dir);
    expect(checkpoint.status).toBe(1);
    expect(checkpoint.err).toMatch(/error\[E0504\]: .*checkpoint\.ckpt: it was written by model `tiny`, but the spec is model `other`/);
    expect(readFileSync(infoFile, 'utf8')).toBe(before);
  });

  it('a damaged run.json or checkpoint header is E0504 with the path (exit 1), not a crash', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    const infoFile = path.join(dir, 'run', 'run.json');
    const good = readFileSync(infoFile, 'utf8');

    writeFileSync(infoFile, '{"model": "tiny"');
    const notJson = await run(['sample', 'run', '--backend', 'cpu'], dir);
    expect(notJson.status).toBe(1);
    expect(notJson.err).toMatch(/error\[E0504\]: .*run\.json: it is not valid JSON/);

    for (const [edit, message] of [
      [(info: Record<string, unknown>) => ({ ...info, train: { steps: 'many' } }), '`train.steps` should be a positive integer, not "many"'],
      [(info: Record<string, unknown>) => ({ ...info, overrides: null }), '`overrides` should be an object, not null'],
      [({ specDir: _, ...info }: Record<string, unknown>) => info, 'field `specDir` is missing'],
      [() => [], 'the top level should be an object, not []'],
    ] as const) {
      writeFileSync(infoFile, JSON.stringify(edit(JSON.parse(good) as Record<string, unknown>)));
      const result = await run(['train', spec, '--resume', 'run', '--quiet'], dir);
      expect(result.status, message).toBe(1);
      expect(result.err).toContain(`run.json: it is damaged: ${message}`);
      expect(result.err).toContain('(--resume)');
    }
    writeFileSync(infoFile, good);

    // A header with a tensor whose shape is not a list of integers.
    const file = path.join(dir, 'run', 'checkpoint.ckpt');
    const bytes = readFileSync(file);
    const length = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + length).toString('utf8'));
    header.tensors[0].shape = 'big';
    const json = Buffer.from(JSON.stringify(header).padEnd(length, ' '));
    expect(json.length).toBe(length);
    // Edited by hand, the digest no longer matches: E0510, for train and for reconstruct.
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 12), json, bytes.subarray(12 + length)]));
    const unsealed = await run(['reconstruct', 'run', '--backend', 'cpu'], dir);
    expect(unsealed.status).toBe(1);
    expect(unsealed.err).toMatch(/error\[E0510\]: .*checkpoint\.ckpt: the checksum does not match \(its SHA-256 is [0-9a-f]+…, the file records [0-9a-f]+…\); the checkpoint is damaged\n {2}--> .*checkpoint\.ckpt \(RUN\)/);
    const resumeUnsealed = await run(['train', spec, '--resume', 'run', '--quiet'], dir);
    expect(resumeUnsealed.status).toBe(1);
    expect(resumeUnsealed.err).toMatch(/error\[E0510\]: .*checkpoint\.ckpt: the checksum does not match/);
    // Resealed with a fresh digest, the header itself is checked field by field.
    writeFileSync(file, sealCheckpoint(Buffer.concat([bytes.subarray(0, 12), json, bytes.subarray(12 + length, bytes.length - 32)])));
    const damaged = await run(['reconstruct', 'run', '--backend', 'cpu'], dir);
    expect(damaged.status).toBe(1);
    expect(damaged.err).toMatch(/error\[E0504\]: .*checkpoint\.ckpt: the checkpoint header is damaged: `tensors\[0\]\.shape` should be a list, not "big"/);
  });

  it('sample and reconstruct refuse an unknown --backend (exit 2), as train does', async () => {
    const dir = await tempDir();
    for (const command of [['sample', 'run'], ['reconstruct', 'run'], ['train', 'tiny.aegan']]) {
      const result = await run([...command, '--backend', 'foo'], dir);
      expect(result.status, command[0]).toBe(2);
      expect(result.err).toMatch(/argument 'foo' is invalid\. Allowed choices are auto, wasm, cpu, webgpu, tensorflow/);
    }
  });

  it('output paths that are files or directories are E0508 diagnostics (exit 2)', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    writeFileSync(path.join(dir, 'afile'), 'keep');
    const outFile = await run(['train', spec, '--backend', 'cpu', '--out', 'afile'], dir);
    expect(outFile.status).toBe(2);
    expect(outFile.err).toMatch(/error\[E0508\]: cannot write afile: it is a file, not a directory\n {2}--> afile \(--out\)/);
    const outUnderFile = await run(['train', spec, '--backend', 'cpu', '--out', 'afile/run'], dir);
    expect(outUnderFile.status).toBe(2);
    expect(outUnderFile.err).toMatch(/cannot write afile\/run: .*afile is a file, not a directory/);

    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    const toDir = await run(['sample', 'run', '-o', 'run', '--backend', 'cpu'], dir);
    expect(toDir.status).toBe(2);
    expect(toDir.err).toMatch(/error\[E0508\]: cannot write run: it is a directory; give a file name\n {2}--> run \(--output\)/);
    // The name says the format: a .jpg would have held PNG bytes, a codes.txt .npy ones.
    const jpeg = await run(['sample', 'run', '-o', 's.jpg', '--backend', 'cpu'], dir);
    expect(jpeg.status).toBe(2);
    expect(jpeg.err).toMatch(/^error\[E0508\]: cannot write s\.jpg: the command writes \.png files, and the name does not say so\n {2}--> s\.jpg \(--output\)\n {3}= hint: give --output the path of a \.png file/);
    const text = await run(['encode', 'run', '-o', 'codes.txt', '--backend', 'cpu'], dir);
    expect(text.err).toMatch(/^error\[E0508\]: cannot write codes\.txt: the command writes \.npy or \.csv files/);
    const underFile = await run(['reconstruct', 'run', '-o', 'afile/x.png', '--backend', 'cpu'], dir);
    expect(underFile.status).toBe(2);
    expect(underFile.err).toMatch(/cannot write afile\/x\.png: .*afile is a file, not a directory/);
    await mkdir(path.join(dir, 'run', 'sample.png'));
    const defaultIsDir = await run(['sample', 'run', '--backend', 'cpu'], dir);
    expect(defaultIsDir.status).toBe(2);
    expect(defaultIsDir.err).toMatch(/cannot write run\/sample\.png: it is a directory/);

    const build = await run(['build', spec, '-o', 'run'], dir);
    expect(build.status).toBe(2);
    expect(build.err).toMatch(/error\[E0508\]: cannot write run: it is a directory; give a file name\n {2}--> run \(--out\)/);
    expect(readFileSync(path.join(dir, 'afile'), 'utf8')).toBe('keep');
  });

  it('a new run into a directory without a checkpoint starts metrics.jsonl empty', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    await mkdir(path.join(dir, 'run'));
    writeFileSync(path.join(dir, 'run', 'metrics.jsonl'), '{"step":1}\n{"step":2}\n{"step":3}\n{"step":4}\n');
    expect((await run(['train', spec, '--backend', 'cpu', '--out', 'run', '--quiet'], dir)).status).toBe(0);
    expect(metricSteps(path.join(dir, 'run'))).toEqual([1, 2, 3]);
  });

  it('two runs started in the same second get directories of their own', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
    const first = await run(['train', spec, '--backend', 'cpu', '--quiet'], dir);
    const second = await run(['train', spec, '--backend', 'cpu', '--quiet'], dir);
    expect([first.status, second.status]).toEqual([0, 0]);
    expect(readdirSync(path.join(dir, 'runs')).sort()).toEqual(['tiny-2030-01-02-03-04-05', 'tiny-2030-01-02-03-04-05-2']);
    expect(second.out).toMatch(/run: runs\/tiny-2030-01-02-03-04-05-2\n$/);
    for (const name of readdirSync(path.join(dir, 'runs'))) expect(metricSteps(path.join(dir, 'runs', name))).toEqual([1, 2, 3]);
  });

  it('a second train into a run directory being written is refused (E0509), for --out and --resume alike', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    const holder = /in use by process \d+ on \S+, since \d{4}-/;
    // Two new runs into one --out: whichever locks first trains, the other writes nothing.
    let second: Promise<{ status: number; out: string; err: string }> | undefined;
    const first = await run(['train', spec, '--backend', 'cpu', '--steps', '40', '--out', 'run'], dir, (text) => {
      if (!second && /step \d+\/40/.test(text)) second = run(['train', spec, '--backend', 'cpu', '--steps', '40', '--out', 'run', '--quiet'], dir);
    });
    const refused = await second!;
    expect(first.status).toBe(0);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(new RegExp(`error\\[E0509\\]: run directory .*run is in use by process ${process.pid} on`));
    expect(refused.err).toMatch(holder);
    expect(metricSteps(path.join(dir, 'run'))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(readdirSync(path.join(dir, 'run'))).not.toContain('train.lock');

    // --resume on a run being resumed.
    let again: Promise<{ status: number; out: string; err: string }> | undefined;
    const resumed = await run(['train', spec, '--steps', '80', '--resume', 'run'], dir, (text) => {
      if (!again && /step \d+\/80/.test(text)) again = run(['train', spec, '--steps', '90', '--resume', 'run', '--quiet'], dir);
    });
    const refusedResume = await again!;
    expect(resumed.status).toBe(0);
    expect(refusedResume.status).toBe(1);
    expect(refusedResume.err).toMatch(/error\[E0509\]/);
    expect(metricSteps(path.join(dir, 'run'))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(runInfo(path.join(dir, 'run')).train).toEqual({ steps: 80 });

    // A run that is being written but has no checkpoint yet is named as busy, not as "no checkpoint".
    await rm(path.join(dir, 'run', 'checkpoint.ckpt'));
    writeFileSync(path.join(dir, 'run', 'train.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: '2030-01-01T00:00:00.000Z', token: 't' }));
    for (const args of [['--resume', 'run'], ['--out', 'run']]) {
      const busy = await run(['train', spec, '--backend', 'cpu', ...args, '--quiet'], dir);
      expect(busy.status, args[0]).toBe(1);
      expect(busy.err).toMatch(/^error\[E0509\]: run directory .*run is in use by process \d+ on .*, since 2030-01-01T00:00:00\.000Z/);
    }
  });

  it('sample and reconstruct open a run of a spec without a `model` line (named after its file, not spec.aegan)', async () => {
    const dir = await tempDir();
    writeTinySpec(dir);
    const text = readFileSync(path.join(dir, 'tiny.aegan'), 'utf8').replace(/^model tiny\n/, '');
    writeFileSync(path.join(dir, 'no-model.aegan'), text);
    const trained = await run(['train', 'no-model.aegan', '--backend', 'cpu', '--out', 'run', '--quiet'], dir);
    expect(trained.status).toBe(0);
    expect(runInfo(path.join(dir, 'run')).model).toBe('no_model');
    const sampled = await run(['sample', 'run', '--n', '4', '--backend', 'cpu'], dir);
    expect(sampled.err).toBe('');
    expect(sampled.status).toBe(0);
    const rec = await run(['reconstruct', 'run', '--backend', 'cpu'], dir);
    expect(rec.err).toBe('');
    expect(rec.status).toBe(0);
    const resumed = await run(['train', 'no-model.aegan', '--steps', '4', '--resume', 'run', '--quiet'], dir);
    expect(resumed.status).toBe(0);
  });

  it('SIGTERM stops like Ctrl-C: a checkpoint, exit 143, and --resume continues', async () => {
    const dir = await tempDir();
    const spec = writeTinySpec(dir);
    // Only train's handler may see the test's SIGTERM (not the test runner's).
    const others = process.listeners('SIGTERM');
    for (const listener of others) process.removeListener('SIGTERM', listener);
    let stopped;
    try {
      let sent = false;
      stopped = await run(['train', spec, '--backend', 'cpu', '--steps', '50', '--out', 'run'], dir, (text) => {
        if (!sent && /step \d+\/50/.test(text)) {
          sent = true;
          process.emit('SIGTERM', 'SIGTERM');
        }
      });
    } finally {
      for (const listener of others) process.on('SIGTERM', listener);
    }
    expect(stopped.status).toBe(143);
    expect(stopped.out).toMatch(/terminated at step (\d+); checkpoint written\. Continue with: aeganc train tiny\.aegan --resume run/);
    const at = Number(/terminated at step (\d+)/.exec(stopped.out)![1]);
    expect(at).toBeLessThan(50);
    expect(metricSteps(path.join(dir, 'run'))).toEqual(Array.from({ length: at }, (_, i) => i + 1));
    expect(process.listeners('SIGTERM')).toEqual(others);
    const resumed = await run(['train', spec, '--resume', 'run', '--quiet'], dir);
    expect(resumed.status).toBe(0);
    expect(metricSteps(path.join(dir, 'run'))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
