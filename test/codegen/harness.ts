// Shared by the code generator's tests: compile a spec, generate its module
// into test/.tmp/codegen (git-ignored) and import it, and synthetic data for
// both back ends.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import { generateModule, type Target } from '../../src/codegen/generateModule.js';
import type { DataSource, IrModule } from '../../src/ir/types.js';
import type { DataTable } from '../../src/numerics/dataTable.js';
import type { Tensor } from '../../src/numerics/tf.js';
import { ROOT } from '../goldenFiles.js';

export const TMP = join(ROOT, 'test/.tmp/codegen');
// Created on import: test files run in any order, each in its own process.
mkdirSync(TMP, { recursive: true });

export function compileFile(file: string): IrModule {
  return compileText(readFileSync(join(ROOT, file), 'utf8'), file);
}

export function compileText(text: string, file: string, overrides: Record<string, number> = {}): IrModule {
  const result = compileSpec(text, file, { overrides });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.value!;
}

/** What every generated module exports, loosely typed for tests over all examples. */
export interface GeneratedModel {
  readonly iteration: number;
  trainStep(batches: Record<string, Tensor> | (() => Record<string, Tensor>)): Promise<Record<string, number>>;
  train(options: { data: Record<string, Float32Array | Int32Array>; steps?: number; onStep?: (i: number, losses: Record<string, number>) => void }): Promise<Record<string, number> | undefined>;
  sample?(count: number, options?: { which?: number; ema?: boolean }): Tensor;
  encode?(x: Tensor): Tensor;
  decode?(code: Tensor): Tensor;
  reconstruct?(x: Tensor): Tensor;
  save(): Promise<import('@tensorflow/tfjs-core').io.ModelArtifacts>;
  load(source: import('@tensorflow/tfjs-core').io.ModelArtifacts): Promise<void>;
  weight(id: string): Tensor;
  weightIds(): string[];
  dispose(): void;
}

export interface GeneratedModule {
  createModel(options?: { seed?: number; batch?: number }): GeneratedModel;
}

/** Generates `ir`'s module as test/.tmp/codegen/<name>.ts and imports it. */
export async function importGenerated(ir: IrModule, name: string, target: Target = 'tfjs'): Promise<GeneratedModule> {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `${name}.ts`);
  let text = await generateModule(ir, { target });
  // tfjs-node is an optional peer dependency: its modules import tfjs instead, which has the same API.
  if (target === 'tfjs-node') text = text.replaceAll("from '@tensorflow/tfjs-node'", "from '@tensorflow/tfjs'");
  writeFileSync(file, text);
  return (await import(/* @vite-ignore */ `${file}?t=${Date.now()}`)) as GeneratedModule;
}

/** Random examples in the source's range; labels cycle through the classes. */
export function syntheticTable(source: DataSource, count: number, seed = 99): DataTable {
  const fields = new Map<string, Float32Array | Int32Array>();
  let state = seed;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
  const [lo, hi] = source.range;
  for (const field of source.fields) {
    if (field.type.kind === 'class') {
      const classes = field.type.classes;
      fields.set(field.name, Int32Array.from({ length: count }, (_, i) => i % classes));
    } else {
      const size = field.type.shape.reduce((p, d) => p * d, 1);
      fields.set(field.name, Float32Array.from({ length: count * size }, () => lo + (hi - lo) * next()));
    }
  }
  return { count, fields };
}

/** The generated API's `data` argument: every field of every table. */
export function dataArgument(tables: readonly DataTable[]): Record<string, Float32Array | Int32Array> {
  return Object.fromEntries(tables.flatMap((t) => [...t.fields]));
}

/** Whether two typed arrays hold the same bits. */
export function sameBits(a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
