import { basename, dirname, extname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import type { ExitSink } from '../io.js';
import { collect } from '../paramOverrides.js';
import { loadSpec } from '../loadSpec.js';
import { printDiagnostics } from '../printDiagnostics.js';
import { buildModule, type RuntimeMode, type Target } from '../../codegen/generateModule.js';
import { cannotWrite, fileOutputProblem, writeFailure, writeFileAtomic } from '../../host/atomicWrite.js';
import { buildPytorch } from '../buildPytorch.js';

type BuildTarget = Target | 'pytorch';
const TARGETS: readonly BuildTarget[] = ['tfjs', 'tfjs-node', 'pytorch'];
const RUNTIMES: readonly RuntimeMode[] = ['inline', 'shared'];

/** `aeganc build`: compiles a spec to a TypeScript training module. */
export function registerBuild(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('build')
    .description('compile a spec to a strictly typed TypeScript training module, or to a PyTorch program')
    .argument('<file>', '.aegan file')
    .option('-o, --out <file>', 'where to write the module: `-` for stdout (default: the spec\'s name with .ts, next to it); for pytorch, a folder (default: the spec\'s name with -pytorch)')
    .addOption(new Option('--target <target>', 'what the module imports: @tensorflow/tfjs (browser or Node; save/load through tfjs IO handlers) or @tensorflow/tfjs-node (adds save/load to a directory); pytorch writes a folder with train.py (torch and numpy only, runs alone or under torchrun)').choices(TARGETS).default('tfjs'))
    .addOption(
      new Option('--runtime <mode>', 'inline: one self-contained module carrying the helpers it uses; shared: the module imports them from <stem>.runtime.ts, written beside it')
        .choices(RUNTIMES)
        .default('inline'),
    )
    .option('--set <name=value>', 'override a param (repeatable); params are fixed in the module', collect, [])
    .addHelpText(
      'after',
      `
The module depends only on its TensorFlow.js package (and, with --runtime
shared, on its runtime file) and computes exactly what \`aeganc train\` computes
for the same seed. Either way it carries only the interpreter helpers, kernel
fixes and gradient registrations the spec's ops need. Its header comment documents its
API: createModel(options), trainStep, train, sample, encode/decode/reconstruct,
save and load. Examples:
  aeganc build examples/mnist-ae.aegan                 writes examples/mnist-ae.ts
  aeganc build gan.aegan -o src/model.ts --target tfjs-node
  aeganc build ae.aegan --set code=16 -o -             prints the module
  aeganc build ae.aegan --runtime shared               writes ae.ts and ae.runtime.ts
  aeganc build gan.aegan --target pytorch -o gan-pt    writes gan-pt/train.py (and data/ for mnist)
  torchrun --nproc_per_node=4 gan-pt/train.py          trains it on 4 GPUs (README: "When one machine is not enough")`,
    )
    .action(async (file: string, options: { out?: string; target: BuildTarget; runtime: RuntimeMode; set: string[] }) => {
      if (options.runtime === 'shared' && options.out === '-') {
        throw new UsageError('--runtime shared writes two files, so it cannot print to stdout: give -o FILE (or use --runtime inline)');
      }
      const spec = loadSpec(io, file, options.set);
      exit(spec.status);
      if (!spec.module) return;
      if (options.target === 'pytorch') {
        await buildPytorch(io, exit, { file, text: spec.text, module: spec.module, overrides: spec.overrides, ...(options.out !== undefined ? { out: options.out } : {}) });
        return;
      }
      const out = options.out ?? defaultOutput(file);
      const built = await buildModule(spec.module, { target: options.target, runtime: options.runtime, runtimeName: runtimeName(out) });
      if (options.out === '-') {
        io.stdout(built.module);
        return;
      }
      const path = resolve(io.cwd, out);
      if (resolve(io.cwd, file) === path) throw new UsageError(`refusing to overwrite the spec ${file} with its module`);
      const field = options.out !== undefined ? '--out' : undefined;
      const files = [{ out, path, text: built.module }];
      if (built.runtime) {
        const runtimeOut = join(dirname(out), `${built.runtime.name}.ts`);
        files.push({ out: runtimeOut, path: resolve(io.cwd, runtimeOut), text: built.runtime.text });
      }
      for (const target of files) {
        const problem = await fileOutputProblem(target.path);
        if (problem) {
          printDiagnostics(io, [cannotWrite(target.out, problem, { ...(field ? { field } : {}), hint: 'give --out the path of a .ts file (its folder is created if missing), or - for stdout' })], undefined, 'text');
          exit(ExitCode.usage);
          return;
        }
      }
      // The runtime first: a module is never left importing a runtime file that is not there.
      for (const target of files.reverse()) {
        try {
          await writeFileAtomic(target.path, target.text);
        } catch (error) {
          printDiagnostics(io, [writeFailure(error, target.out, field)], undefined, 'text');
          exit(ExitCode.errors);
          return;
        }
        io.stderr(`wrote ${target.out}\n`);
      }
    });
}

/** `models/gan.ts` → `gan.runtime`: the runtime file's name beside the module, without `.ts`. */
function runtimeName(out: string): string {
  return `${basename(out, extname(out))}.runtime`;
}

/** `models/gan.aegan` → `models/gan.ts`. */
function defaultOutput(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.ts`);
}
