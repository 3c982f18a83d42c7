// The program reads every source itself (IDX with gzip, a PNG folder, CSV,
// NPY; the embedded MNIST from the .npy files aeganc exports) with aeganc's
// scale rules: its tables equal aeganc's loaders' value for value, images
// in NCHW. train.py is imported as a module (main() only runs as a script).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/host/data/loadSources.js';
import { encodeNpy } from '../../src/host/data/npyWrite.js';
import { pythonPath } from '../oracle/torchOracle.js';
import { buildProgram, compileFile, torchUnavailable } from './harness.js';

const unavailable = torchUnavailable();
if (unavailable) console.warn(`skipping the PyTorch data source tests: ${unavailable}`);
const DIR = mkdtempSync(path.join(tmpdir(), 'aeganc-pytorch-data-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const SPEC = `model sources
data a: [4, 4, 1], la: class[3] from idx(images: "a-images.gz", labels: "a-labels")
data p: [5, 3, 3] from images("pngs") scale -1..1
data r: [3], lr: class[2] from csv("r.csv", label: "y")
data f: [2, 2] from npy("f.npy") scale 0..2
data m: [28, 28, 1] from mnist(split: "test") scale -1..1

network n1(i: [4, 4, 1]) -> [3] { flatten |> dense(3) }
network n2(i: [5, 3, 3]) -> [2] { flatten |> dense(2) }
network n3(i: [3]) -> [1] { dense(1) }
network n4(i: [2, 2]) -> [1] { flatten |> dense(1) }
network n5(i: [28, 28, 1]) -> [1] { flatten |> dense(1) }

loss l = cross_entropy(la, n1(a)) + cross_entropy(lr, n2(p)) + mean(n3(r)) + mean(n4(f)) + mean(n5(m))

train {
  step s: minimize l over n1, n2, n3, n4, n5 with sgd(lr: 0.1)
  batch 4
  steps 1
}
`;

function idx(type: number, dims: number[], values: Uint8Array): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(type, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

function writeFixtures(): void {
  let state = 7;
  const byte = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
  writeFileSync(path.join(DIR, 'a-images.gz'), gzipSync(idx(0x08, [6, 4, 4], Uint8Array.from({ length: 96 }, byte))));
  writeFileSync(path.join(DIR, 'a-labels'), idx(0x08, [6], Uint8Array.from([0, 1, 2, 2, 1, 0])));
  mkdirSync(path.join(DIR, 'pngs'));
  for (let n = 0; n < 5; n++) {
    const png = new PNG({ width: 3, height: 5, colorType: 2, inputColorType: 2, inputHasAlpha: false } as never);
    png.data = Buffer.from(Uint8Array.from({ length: 45 }, byte));
    writeFileSync(path.join(DIR, 'pngs', `img-${n}.png`), PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false } as never));
  }
  writeFileSync(path.join(DIR, 'r.csv'), 'u,y,v,w\n0.5,1,-2,3e-1\n"1.25",0,4,.5\n7,1,8,9\n-1,0,0,2\n');
  writeFileSync(path.join(DIR, 'f.npy'), encodeNpy(Float32Array.from({ length: 24 }, (_, i) => i / 7), [6, 2, 2]));
  writeFileSync(path.join(DIR, 'sources.aegan'), SPEC);
}

describe.skipIf(unavailable !== undefined)('the PyTorch program reads the data sources as aeganc does', () => {
  it('IDX (gzip), PNG folder, CSV, NPY and MNIST: the same values, images NCHW', async () => {
    writeFixtures();
    const file = path.join(DIR, 'sources.aegan');
    const ir = compileFile(file, SPEC);
    const program = await buildProgram(ir, file, SPEC);
    const out = path.join(DIR, 'tables');
    mkdirSync(out);
    const script = [
      'import sys, os, numpy as np',
      `sys.path.insert(0, ${JSON.stringify(program)})`,
      'import train',
      'for source in train.DATA:',
      '    for name, values in train.load_source(source, train.SPEC_DIR, train.HERE).items():',
      `        np.save(os.path.join(${JSON.stringify(out)}, name + ".npy"), values)`,
    ].join('\n');
    execFileSync(pythonPath(), ['-c', script], { encoding: 'utf8' });
    const { loaded, diagnostics } = await loadSources(ir, DIR);
    expect(diagnostics).toEqual([]);
    for (const { source, data } of loaded) {
      for (const field of source.fields) {
        const bytes = readFileSync(path.join(out, `${field.name}.npy`));
        const headerLength = bytes.readUInt16LE(8);
        const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
        const body = new Uint8Array(bytes.subarray(10 + headerLength)).buffer;
        const expected = data.fields.get(field.name)!;
        if (field.type.kind === 'class') {
          expect(header, field.name).toContain("'<i8'");
          expect(Array.from(new BigInt64Array(body), Number), field.name).toEqual(Array.from(expected));
          continue;
        }
        expect(header, field.name).toContain("'<f4'");
        const got = new Float32Array(body);
        const shape = field.type.shape;
        // The program holds images NCHW: read it back in the spec's NHWC order.
        const nhwc = shape.length === 3 ? fromNchw(got, data.count, shape as [number, number, number]) : got;
        expect(Array.from(nhwc), field.name).toEqual(Array.from(expected));
      }
    }
  }, 300_000);
});

function fromNchw(values: Float32Array, count: number, [h, w, c]: [number, number, number]): Float32Array {
  const out = new Float32Array(values.length);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) {
      out[((n * h + y) * w + x) * c + k] = values[((n * c + k) * h + y) * w + x]!;
    }
  }
  return out;
}
