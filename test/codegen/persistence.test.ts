// save/load of generated modules: a model saved after two iterations and
// loaded into a fresh one continues bit for bit as the original does,
// through a plain artifacts object (target tfjs) and a directory (tfjs-node).
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/host/backend.js';
import type { GeneratedModel, GeneratedModule } from './harness.js';
import { TMP, compileFile, dataArgument, importGenerated, syntheticTable } from './harness.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const ir = compileFile('examples/mnist-cgan.aegan');
const data = dataArgument(ir.data.map((source) => syntheticTable(source, 24)));

async function continuesExactly(module: GeneratedModule, roundTrip: (model: GeneratedModel, fresh: GeneratedModel) => Promise<void>): Promise<void> {
  const original = module.createModel({ batch: 8 });
  await original.train({ data, steps: 2 });
  const fresh = module.createModel({ batch: 8, seed: 12345 });
  await roundTrip(original, fresh);
  expect(fresh.iteration).toBe(2);
  const a = await original.train({ data, steps: 2 });
  const b = await fresh.train({ data, steps: 2 });
  expect(b).toEqual(a);
  for (const id of original.weightIds()) expect(fresh.weight(id).dataSync()).toEqual(original.weight(id).dataSync());
  original.dispose();
  fresh.dispose();
}

describe('save and load', () => {
  it('through a plain artifacts object (target tfjs)', async () => {
    const module = await importGenerated(ir, 'persistence-tfjs');
    await continuesExactly(module, async (model, fresh) => fresh.load(await model.save()));
  }, 60_000);

  it('rejects artifacts of another model', async () => {
    const module = await importGenerated(ir, 'persistence-tfjs');
    const other = await importGenerated(compileFile('examples/mnist-ae.aegan'), 'persistence-other');
    const model = other.createModel();
    const fresh = module.createModel();
    await expect(fresh.load(await model.save())).rejects.toThrow(/not `mnist_cgan`/);
    model.dispose();
    fresh.dispose();
  });

  it('to a directory (target tfjs-node)', async () => {
    const module = await importGenerated(ir, 'persistence-node', 'tfjs-node');
    const dir = join(mkdtempSync(join(TMP, 'saved-')), 'model');
    await continuesExactly(module, async (model, fresh) => {
      const save = model.save as unknown as (dir: string) => Promise<unknown>;
      const load = fresh.load as unknown as (dir: string) => Promise<void>;
      await save.call(model, dir);
      expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
      await load.call(fresh, dir);
    });
  }, 60_000);
});
