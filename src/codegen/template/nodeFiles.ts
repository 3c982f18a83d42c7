// Emitted only for `--target tfjs-node` (see ../runtimeSource.ts): `save(dir)`
// and `load(dir)` as TensorFlow.js's own file layout (model.json beside
// weights.bin, as tfjs-node's `file://` handler writes), each file written
// to a temporary name and renamed so a crash never leaves half a model.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { tf } from '../../numerics/tf.js';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

function joinedWeights(data: tf.io.WeightData): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** Writes `artifacts` as `dir/model.json` and `dir/weights.bin`. */
export async function saveDirectory(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  await mkdir(dir, { recursive: true });
  const { weightData, weightSpecs, ...rest } = artifacts;
  const weights = joinedWeights(weightData ?? new ArrayBuffer(0));
  await writeAtomic(join(dir, WEIGHTS_FILE), weights);
  const manifest = { ...rest, weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs ?? [] }] };
  await writeAtomic(join(dir, MODEL_FILE), JSON.stringify(manifest));
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
}

/** Reads what `saveDirectory` wrote. */
export async function loadDirectory(dir: string): Promise<tf.io.ModelArtifacts> {
  const manifest = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON & tf.io.ModelArtifacts;
  const { weightsManifest, ...rest } = manifest;
  const bytes = await readFile(join(dir, WEIGHTS_FILE));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { ...rest, weightSpecs: weightsManifest.flatMap((group) => group.weights), weightData };
}
