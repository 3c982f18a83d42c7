import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode, UsageError, type CliIo, type ExitSink } from '../io.js';
import { printDiagnostics, type OutputFormat } from '../printDiagnostics.js';
import { openRun, RUN_FIELD } from '../savedRun.js';
import { backendOption } from '../backendOption.js';
import { selectBackend, type BackendRequest } from '../../host/backend.js';
import { inferenceModel } from '../../host/runTraining.js';
import { loadHeldOut } from '../../host/data/loadHeldOut.js';
import { writeFailure, writeFileAtomic } from '../../host/atomicWrite.js';
import { describeIoError, isIoError } from '../../host/ioErrors.js';
import { lockedBy } from '../../host/runLock.js';
import { writeReport } from '../../host/report/writeReport.js';
import { REPORT_FILE } from '../../host/report/runContents.js';
import { DEFAULT_IMPORTANCE_SAMPLES, evaluateModel, formatEvalReport } from '../../host/eval/index.js';
import { describeSource, testSplitOf } from '../../ir/heldOut.js';
import type { DataSourceSpec, IrModule } from '../../ir/types.js';
import { makeDiagnostic } from '../../diagnostics/makeDiagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

interface EvalFlags {
  split: 'test' | 'train';
  ema?: boolean;
  k: string;
  format: OutputFormat;
  backend: BackendRequest;
}

/** Where eval.json goes in the run directory. */
export const EVAL_FILE = 'eval.json';
/** More importance samples than this buys nothing a user could see and costs minutes per example. */
const MAX_K = 100_000;

export function registerEval(program: Command, io: CliIo, exit: ExitSink): void {
  program
    .command('eval')
    .description("measure a trained run on held-out data; writes <run>/eval.json and prints a table")
    .argument('<run>', 'run directory written by `aeganc train` (RUN in diagnostics)')
    .addOption(new Option('--split <split>', "`test`: the train block's eval sources, else each source's test split; `train`: the training data").choices(['test', 'train']).default('test'))
    .option('--ema', 'use the EMA weights of networks that have them')
    .option('--k <count>', "importance samples for a VAE's log-likelihood", String(DEFAULT_IMPORTANCE_SAMPLES))
    .addOption(new Option('--format <format>', 'table or JSON on stdout').choices(['text', 'json']).default('text'))
    .addOption(backendOption('auto'))
    .action(async (run: string, flags: EvalFlags) => exit(await evaluate(io, run, flags)));
}

async function evaluate(io: CliIo, run: string, flags: EvalFlags): Promise<number> {
  const k = Number(flags.k);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new UsageError(`--k must be a whole number from 1 to ${MAX_K}, not ${flags.k}`);
  const backend = await selectBackend(flags.backend);
  printDiagnostics(io, backend.diagnostics, undefined, flags.format);
  if (!backend.value) return ExitCode.errors;

  const runDir = path.resolve(io.cwd, run);
  const opened = await openRun(runDir, () => new Set());
  printDiagnostics(io, opened.diagnostics, opened.text, flags.format);
  if (!opened.run) return opened.status;
  const { module, trainer, specDir } = opened.run;
  try {
    if (flags.ema && module.train.ema.length === 0) {
      printDiagnostics(io, [makeDiagnostic('RunUnusable', module.file, undefined, { command: 'eval --ema', run, reason: 'its spec keeps no EMA weights' }, { field: '--ema', hint: 'add `ema NETWORK 0.999` to the train block and train again, or leave --ema out' })], undefined, flags.format);
      return ExitCode.usage;
    }
    const sources = flags.split === 'train' ? { specs: module.data.map((d) => d.spec) } : heldOutSources(module, run);
    if ('problem' in sources) {
      printDiagnostics(io, [sources.problem], undefined, flags.format);
      return ExitCode.errors;
    }
    const loaded = await loadHeldOut(module, sources.specs, specDir);
    printDiagnostics(io, loaded.diagnostics, opened.text, flags.format);
    if (!loaded.tables) return ExitCode.errors;

    const result = await evaluateModel({
      ir: module,
      weights: inferenceModel(trainer, loaded.tables, Boolean(flags.ema)),
      tables: loaded.tables,
      sources: sources.specs,
      split: flags.split,
      ema: Boolean(flags.ema),
      run,
      runDir,
      step: trainer.iteration,
      k,
      specDir,
    });
    if ('problem' in result) {
      printDiagnostics(io, [makeDiagnostic('EvalUnsupported', module.file, undefined, { model: module.name, problem: result.problem }, {
        field: RUN_FIELD,
        hint: 'eval measures autoencoders (MSE, BCE), VAEs (−ELBO, IS log-likelihood) and GANs; docs/reference.md lists what it detects',
      })], undefined, flags.format);
      return ExitCode.errors;
    }
    const file = path.join(runDir, EVAL_FILE);
    try {
      await writeFileAtomic(file, `${JSON.stringify(result.report, null, 2)}\n`);
    } catch (error) {
      if (!isIoError(error)) throw error;
      printDiagnostics(io, [writeFailure(error, file, RUN_FIELD)], undefined, flags.format);
      return ExitCode.errors;
    }
    io.stdout(flags.format === 'json' ? `${JSON.stringify(result.report, null, 2)}\n` : `${formatEvalReport(result.report)}wrote ${path.relative(io.cwd, file)}\n`);
    await refreshReport(io, runDir);
    return ExitCode.ok;
  } finally {
    trainer.dispose();
  }
}

/**
 * report.html shows eval.json (and the samples-over-training curve in it), so a run's page is
 * rewritten once eval.json changes; not while training holds the run (it rewrites the page
 * itself), and a page that cannot be written is a note, not a failed eval.
 */
async function refreshReport(io: CliIo, runDir: string): Promise<void> {
  try {
    if (await lockedBy(runDir).catch(() => undefined)) return;
    await stat(path.join(runDir, REPORT_FILE));
  } catch {
    return; // no page to keep up to date
  }
  try {
    await writeReport(runDir);
  } catch (error) {
    io.stderr(`note: ${REPORT_FILE} was not rewritten: ${describeIoError(error)}\n`);
  }
}

/** The train block's `eval` sources, else each source's test split; E0519 for a source with neither. */
function heldOutSources(module: IrModule, run: string): { specs: DataSourceSpec[] } | { problem: Diagnostic } {
  if (module.train.evaluation) return { specs: [...module.train.evaluation.heldOut] };
  const specs: DataSourceSpec[] = [];
  for (const source of module.data) {
    const spec = testSplitOf(source.spec);
    if (!spec) {
      const name = source.fields.find((f) => f.role === 'example')?.name ?? source.fields[0]!.name;
      return {
        problem: makeDiagnostic('EvalNoHeldOutData', module.file, undefined, { path: run, name, problem: `its source ${describeSource(source.spec)} has no test split, and the train block has no \`eval\`` }, {
          field: '--split',
          hint: `add \`eval ${name} from SOURCE every N\` to the spec's train block (and train again), or pass --split train to measure the training data`,
        }),
      };
    }
    specs.push(spec);
  }
  return { specs };
}
