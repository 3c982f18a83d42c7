// Two data sources in one spec draw independent batches (docs/data.md,
// "Several sources"): each has its own cursor, shuffled by its own stream
// (mixSeed(seed, shuffle, source index, epoch)), with its own epochs. What an
// unpaired model such as CycleGAN needs: batch i of x and of y are not the
// same positions of one shared permutation.
import { describe, expect, it } from 'vitest';
import { DataCursor } from '../../src/numerics/dataCursor.js';
import type { DataSource } from '../../src/ir/types.js';
import type { DataTable } from '../../src/numerics/dataTable.js';

const source = (index: number): DataSource => ({
  index,
  spec: { kind: 'npy', path: `s${index}.npy` },
  fields: [{ name: `f${index}`, type: { kind: 'tensor', shape: [1] } }],
  range: [0, 1],
  source: { line: index + 1, column: 1 },
}) as unknown as DataSource;

const table = (count: number): DataTable => ({ count, fields: new Map() });

/** `batches` batches' indices from a cursor over `count` examples. */
function draw(index: number, count: number, batch: number, batches: number, seed = 7): Int32Array[] {
  const cursor = new DataCursor(source(index), table(count), batch, seed);
  return Array.from({ length: batches }, () => cursor.nextIndices());
}

describe('two sources draw independent batches', () => {
  it('two sources of the same size read different orders', () => {
    const [a, b] = [draw(0, 1000, 10, 100).flatMap((x) => [...x]), draw(1, 1000, 10, 100).flatMap((x) => [...x])];
    // Each is a permutation of its epoch ...
    expect(new Set(a).size).toBe(1000);
    expect(new Set(b).size).toBe(1000);
    // ... and they agree at about 1 position in 1000 by chance, not at every one.
    const same = a.filter((v, i) => v === b[i]).length;
    expect(same).toBeLessThan(10);
  });

  it('the order does not depend on what the other source reads', () => {
    const alone = draw(1, 500, 8, 30);
    const beside = new DataCursor(source(0), table(2000), 16, 7);
    const cursor = new DataCursor(source(1), table(500), 8, 7);
    const interleaved = Array.from({ length: 30 }, () => (beside.nextIndices(), beside.nextIndices(), cursor.nextIndices()));
    expect(interleaved).toEqual(alone);
  });

  it('each source keeps its own epochs: the smaller one reshuffles while the larger goes on', () => {
    const small = new DataCursor(source(0), table(20), 8, 7);
    const large = new DataCursor(source(1), table(100), 8, 7);
    for (let i = 0; i < 5; i++) {
      small.nextIndices();
      large.nextIndices();
    }
    // 20 examples hold 2 batches of 8: the 5th batch is the 3rd epoch's first.
    expect(small.state).toEqual({ epoch: 2, position: 8 });
    expect(large.state).toEqual({ epoch: 0, position: 40 });
  });

  it('another seed gives another order', () => {
    expect(draw(0, 1000, 10, 1, 7)).not.toEqual(draw(0, 1000, 10, 1, 8));
  });
});
