// `aeganc build FILE --target pytorch [-o DIR]`: writes DIR/train.py (the
// program, src/codegen/pytorch) and DIR/data/*.npy for the embedded MNIST
// (src/host/data/exportForPython.ts). DIR defaults to `<spec name>-pytorch`
// beside the spec.

import { basename, dirname, extname, join, resolve } from 'node:path';
import type { IrModule } from '../ir/types.js';
import { generatePytorchProgram } from '../codegen/pytorch/generatePytorch.js';
import { pythonDataFiles } from '../host/data/exportForPython.js';
import { cannotWrite, directoryOutputProblem, writeFailure, writeFileAtomic } from '../host/atomicWrite.js';
import { makeDirectory } from '../host/makeDirectory.js';
import { ExitCode, type CliIo, type ExitSink } from './io.js';
import { printDiagnostics } from './printDiagnostics.js';

export interface PytorchBuild {
  readonly file: string;
  readonly text: string;
  readonly module: IrModule;
  readonly overrides: Readonly<Record<string, number>>;
  readonly out?: string;
}

export async function buildPytorch(io: CliIo, exit: ExitSink, build: PytorchBuild): Promise<void> {
  const out = build.out ?? defaultFolder(build.file);
  const folder = resolve(io.cwd, out);
  const field = build.out !== undefined ? '--out' : undefined;
  const problem = out === '-' ? 'the pytorch target writes a folder (train.py and its data), not stdout' : await directoryOutputProblem(folder);
  if (problem) {
    const hint = 'give --out a folder for train.py and its data (it is created if missing)';
    printDiagnostics(io, [cannotWrite(out, problem, { ...(field ? { field } : {}), hint })], undefined, 'text');
    exit(ExitCode.usage);
    return;
  }
  const data = await pythonDataFiles(build.module);
  if (!data.value) {
    printDiagnostics(io, data.diagnostics, undefined, 'text');
    exit(ExitCode.errors);
    return;
  }
  const specPath = resolve(io.cwd, build.file);
  const program = generatePytorchProgram(build.module, {
    specText: build.text,
    specPath,
    specDir: dirname(specPath),
    overrides: { ...build.overrides },
  });
  try {
    await makeDirectory(join(folder, 'data'));
    await writeFileAtomic(join(folder, 'train.py'), program);
    for (const file of data.value) await writeFileAtomic(join(folder, file.path), file.bytes);
  } catch (error) {
    printDiagnostics(io, [writeFailure(error, out, field)], undefined, 'text');
    exit(ExitCode.errors);
    return;
  }
  io.stderr(`wrote ${join(out, 'train.py')}${data.value.length > 0 ? ` and ${data.value.length} data file(s)` : ''}\n`);
}

/** `models/gan.aegan` → `models/gan-pytorch`. */
function defaultFolder(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}-pytorch`);
}
