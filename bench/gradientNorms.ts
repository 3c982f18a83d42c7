// What computing each step's gradient norm every iteration costs, against
// `aeganc train`'s schedule (iteration 1 and every 10th: logsGradientNorms):
// two interpreters of one workload take turns iteration by iteration in one
// process. `npx tsx bench/gradientNorms.ts [mlp-ae|conv-ae|dcgan] [--rounds N] [--backend wasm|cpu]`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from '../src/numerics/tf.js';
import { selectBackend } from '../src/host/backend.js';
import { compileSpec } from '../src/compile.js';
import { Trainer } from '../src/numerics/trainer.js';
import { logsGradientNorms } from '../src/numerics/trainingHealth.js';
import { images, workloadSpec, type WorkloadName } from './training/workloads.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const backend = option('--backend', 'wasm');
const rounds = Number(option('--rounds', '20'));
const workload = (args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'mlp-ae') as WorkloadName;
const batch = 128;

if (!(await selectBackend(backend as 'wasm')).value) throw new Error(`backend ${backend} unavailable`);
const ir = compileSpec(workloadSpec(workload, root), `${workload}.aegan`).value!;
const data = images(Math.max(1024, batch * 4));
const trainer = () => new Trainer({ ...ir, train: { ...ir.train, batch } }, [{ count: data.length / 784, fields: new Map([['x', data]]) }]);
const every = trainer();
const scheduled = trainer();
const times = { every: [] as number[], scheduled: [] as number[] };
for (let r = 0; r < rounds + 2; r++) {
  let started = performance.now();
  await every.runIteration(true);
  const a = performance.now() - started;
  started = performance.now();
  await scheduled.runIteration(logsGradientNorms(scheduled.iteration + 1));
  const b = performance.now() - started;
  if (r >= 2) {
    times.every.push(a);
    times.scheduled.push(b);
  }
}
const kernels = async (t: Trainer, norms: boolean) => (await tf.profile(async () => void (await t.runIteration(norms)))).kernels.length;
const median = (a: readonly number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!;
const ratio = median(times.scheduled.map((t, i) => t / times.every[i]!));
console.log(`${workload} on ${backend}, batch ${batch}, ${rounds} rounds: norms every iteration ${median(times.every).toFixed(1)} ms (${await kernels(every, true)} kernels), ` +
  `at 1 and every 10th ${median(times.scheduled).toFixed(1)} ms (${await kernels(scheduled, false)} kernels without); scheduled/every ${ratio.toFixed(3)}`);
every.dispose();
scheduled.dispose();
