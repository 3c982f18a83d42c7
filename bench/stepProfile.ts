// Where one interpreter step's kernels and time go: `tf.profile` of one
// training iteration after warm-up, per workload, kernels counted by name
// with their summed kernel time. `npx tsx bench/stepProfile.ts [mlp-ae|conv-ae|dcgan] [--backend cpu|wasm] [--no-norms]`
// (--no-norms: an iteration that computes no gradient norm, as 9 in 10 of `aeganc train`'s).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { tf } from '../src/numerics/tf.js';
import { selectBackend } from '../src/host/backend.js';
import { compileSpec } from '../src/compile.js';
import { Trainer } from '../src/numerics/trainer.js';
import { images, workloadSpec, type WorkloadName } from './training/workloads.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const backendAt = args.indexOf('--backend');
const backend = backendAt >= 0 ? args[backendAt + 1]! : 'wasm';
const norms = !args.includes('--no-norms');
const workloads = args.filter((a, i) => !a.startsWith('--') && (backendAt < 0 || i !== backendAt + 1)) as WorkloadName[];
const batch = 128;

const selected = await selectBackend(backend as 'wasm');
if (!selected.value) throw new Error(`backend ${backend} unavailable`);
for (const workload of workloads.length > 0 ? workloads : (['mlp-ae', 'conv-ae', 'dcgan'] as const)) {
  const ir = compileSpec(workloadSpec(workload, root), `${workload}.aegan`).value!;
  const data = images(Math.max(1024, batch * 4));
  const trainer = new Trainer({ ...ir, train: { ...ir.train, batch } }, [{ count: data.length / 784, fields: new Map([['x', data]]) }]);
  for (let i = 0; i < 3; i++) await trainer.runIteration();
  const started = performance.now();
  const info = await tf.profile(async () => void (await trainer.runIteration(norms)));
  const wall = performance.now() - started;
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += Number(k.kernelTimeMs) || 0;
    byName.set(k.name, entry);
  }
  const kernelMs = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`\n${workload} on ${backend}, batch ${batch}: ${info.kernels.length} kernels, ${kernelMs.toFixed(1)} ms in kernels, ${wall.toFixed(1)} ms profiled iteration`);
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${String(e.count).padStart(5)}  ${e.ms.toFixed(2).padStart(8)} ms  ${name}`);
  trainer.dispose();
}
